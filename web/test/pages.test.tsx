// History and progress pages against the multi-user server's contract, with fetch
// answering as that server would, and as a server without it (404).
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HistoryPage } from "../src/components/HistoryPage";
import { ProgressPage } from "../src/components/ProgressPage";

type Routes = Record<string, { status: number; body: unknown }>;
let root: HTMLElement;

function serve(routes: Routes) {
  vi.stubGlobal("fetch", async (input: string) => {
    const path = String(input);
    const hit = routes[path] ?? { status: 404, body: { error: { code: "not_found", message: "Not Found", request_id: null } } };
    return new Response(JSON.stringify(hit.body), { status: hit.status, headers: { "content-type": "application/json" } });
  });
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

beforeEach(() => {
  root = document.createElement("div");
  document.body.append(root);
});
afterEach(() => {
  vi.unstubAllGlobals();
  render(null, root);
  root.remove();
});

const attempt = {
  id: "att_1",
  created_at: "2026-12-01T10:00:00Z",
  target_text: "It was a sufficient answer",
  scores: { accuracy: 90, stress: 44, fluency: 85, completeness: 100, overall: 76.4 },
  words: [
    { text: "It", error_type: "None", severity: "none", accuracy: 98 },
    { text: "sufficient", error_type: "Stress", severity: "high", accuracy: 40 },
  ],
  user_id: "u1",
};

describe("history page", () => {
  it("lists attempts with their score, words by severity and a link to practise again", async () => {
    serve({ "/attempts?limit=20": { status: 200, body: { items: [attempt], next_cursor: null } } });
    render(<HistoryPage />, root);
    await settle();
    const item = root.querySelector("[data-attempt-id=att_1]")!;
    expect(item.querySelector(".attempt-text")!.textContent).toBe("It was a sufficient answer");
    expect(item.querySelector(".attempt-score")!.textContent).toBe("overall 76/100");
    expect([...item.querySelectorAll(".chip")].map((c) => c.textContent)).toEqual(["✓ it (good)", "✖ sufficient (wrong)"]);
    expect(item.querySelector("a")!.getAttribute("href")).toBe("#/practice?text=It%20was%20a%20sufficient%20answer");
  });

  it("says history is not available when the server answers 404", async () => {
    serve({});
    render(<HistoryPage />, root);
    await settle();
    expect(root.textContent).toContain("History is not available on this server");
  });
});

describe("progress page", () => {
  it("lists sounds and words that go wrong, each linked back to practice", async () => {
    serve({
      "/progress": {
        status: 200,
        body: {
          attempts: 2,
          scores_over_time: [],
          top_substitutions: [{ expected: "TH", realized: "S", count: 3 }],
          stress_errors: [{ word: "SUFFICIENT", count: 2 }],
          words_to_practise: [{ word: "THINK", count: 2, last_accuracy: 55 }],
        },
      },
      "/practice": {
        status: 200,
        body: { groups: [{ id: "th-s", title: "/θ/ or /s/", kind: "sound", focus: "θ vs s", sentences: [{ text: "I said think, not sink.", focus_words: ["think", "sink"] }] }] },
      },
    });
    render(<ProgressPage />, root);
    await settle();
    const links = [...root.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")]);
    expect(links).toEqual([
      ["Practise θ vs s", "#/practice?text=I+said+think%2C+not+sink."],
      ["Practise", "#/practice?text=think"],
      ["Practise", "#/practice?text=sufficient"],
    ]);
    expect(root.textContent).toContain("/θ/ → /s/");
  });

  it("says progress is not available when the server answers 404", async () => {
    serve({});
    render(<ProgressPage />, root);
    await settle();
    expect(root.textContent).toContain("Progress is not available on this server");
  });
});
