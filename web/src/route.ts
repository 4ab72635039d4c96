// Hash routes (#/practice, #/history, …): the server serves one index.html at /.

export type Page = "practice" | "converse" | "history" | "progress" | "voices";
export const PAGES: { page: Page; title: string }[] = [
  { page: "practice", title: "Practice" },
  { page: "converse", title: "Conversation" },
  { page: "history", title: "History" },
  { page: "progress", title: "Progress" },
  { page: "voices", title: "Voice profile" },
];

export interface Route {
  page: Page;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?");
  const page = (PAGES.find((p) => p.page === path)?.page ?? "practice") as Page;
  return { page, params: new URLSearchParams(query) };
}

export function href(page: Page, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `#/${page}${query ? `?${query}` : ""}`;
}
