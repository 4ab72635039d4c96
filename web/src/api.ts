// The orchestrator's API on the page's own origin. Errors are {"error": {code, message,
// request_id}}; every request carries X-VoiceMesh-CSRF (the server requires it on
// cookie-authenticated state changes: the multi-user server's contract) and the session cookie.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** 404 on a whole endpoint (list or feature, never an item): this server lacks it. */
  get unavailable(): boolean {
    return this.status === 404;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    if (body?.error?.message) return new ApiError(response.status, body.error.code ?? "http_error", body.error.message);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, "http_error", `${response.status} ${response.statusText}`);
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("X-VoiceMesh-CSRF", "1");
  if (init.body && typeof init.body === "string") headers.set("Content-Type", "application/json");
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network_error", "The server cannot be reached. Is the mesh running (voicemesh up)?");
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const getJson = <T>(path: string) => request<T>(path);
export const postJson = <T>(path: string, body: unknown) => request<T>(path, { method: "POST", body: JSON.stringify(body) });
export const postForm = <T>(path: string, form: FormData) => request<T>(path, { method: "POST", body: form });
export const remove = (path: string) => request<void>(path, { method: "DELETE" });

/** Artifact URLs name the server's public URL; the page fetches them on its own origin, so the
 *  session cookie goes along and the Content-Security-Policy (self only) allows them. */
export function sameOrigin(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.pathname + parsed.search;
  } catch {
    return null;
  }
}
