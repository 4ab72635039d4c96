// Sign-in (the multi-user server's contract): `voicemesh up` prints the app URL as /#key=<local key>; the key
// in the fragment never reaches the server in a URL: it is posted once to /auth/session (which
// sets the HttpOnly vm_session cookie) and removed from the address bar. A server without the
// multi-user endpoints (404) is the single-user local mesh: nothing to sign in to.
import { ApiError, getJson, postJson, remove } from "./api";

export interface Me {
  user_id: string;
  email: string | null;
  role: string;
  org: string | null;
}

export type AuthState =
  | { kind: "local" } // the server has no auth endpoints (or could not say)
  | { kind: "signed-in"; me: Me }
  | { kind: "signed-out"; message?: string };

export function keyFromFragment(hash: string): string | null {
  const match = /(?:^#|&)key=([^&]+)/.exec(hash);
  return match ? decodeURIComponent(match[1]) : null;
}

export async function signIn(apiKey: string): Promise<void> {
  await postJson<void>("/auth/session", { api_key: apiKey });
}

export async function signOut(): Promise<void> {
  await remove("/auth/session");
}

export async function currentAuth(): Promise<AuthState> {
  try {
    return { kind: "signed-in", me: await getJson<Me>("/auth/me") };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { kind: "signed-out" };
    // 404: no multi-user server. Anything else (server down): the pages say what fails.
    return { kind: "local" };
  }
}

/** Reads #key=… once at start: signs in with it and takes it out of the URL. */
export async function bootAuth(): Promise<AuthState> {
  const key = keyFromFragment(window.location.hash);
  if (key) {
    history.replaceState(null, "", window.location.pathname + window.location.search + "#/practice");
    try {
      await signIn(key);
    } catch (error) {
      if (!(error instanceof ApiError && error.unavailable)) {
        return { kind: "signed-out", message: `The key in the link was not accepted: ${(error as Error).message}` };
      }
    }
  }
  return currentAuth();
}
