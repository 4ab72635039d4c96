import { useEffect, useState } from "preact/hooks";
import { getJson, remove } from "../api";
import { SEVERITY } from "../present";
import type { AttemptSummary, ProcessResult } from "../types";
import { Notice } from "./Notice";
import { ResultView } from "./ResultView";
import { useApi } from "./useApi";

interface Page {
  items: AttemptSummary[];
  next_cursor: string | null;
}

export const NOT_AVAILABLE = "not available on this server: it needs the multi-user server (user accounts and stored attempts).";

export function HistoryPage() {
  const [first] = useApi<Page>("/attempts?limit=20");
  const [items, setItems] = useState<AttemptSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<{ id: string; result: ProcessResult } | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    if (first.state === "ok") {
      setItems(first.data.items);
      setCursor(first.data.next_cursor);
    }
  }, [first]);

  const more = async () => {
    if (!cursor) return;
    try {
      const page = await getJson<Page>(`/attempts?limit=20&cursor=${encodeURIComponent(cursor)}`);
      setItems((xs) => [...xs, ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const show = async (id: string) => {
    try {
      const attempt = await getJson<{ id: string; result: ProcessResult }>(`/attempts/${encodeURIComponent(id)}`);
      setOpen(attempt);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const drop = async (id: string) => {
    try {
      await remove(`/attempts/${encodeURIComponent(id)}`);
      setItems((xs) => xs.filter((x) => x.id !== id));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (open)
    return (
      <>
        <p>
          <button type="button" onClick={() => setOpen(null)}>
            <span aria-hidden="true">← </span>Back to history
          </button>
        </p>
        <ResultView result={open.result} />
      </>
    );
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">History</h1>
      {first.state === "loading" && <Notice>Loading your attempts…</Notice>}
      {first.state === "unavailable" && <Notice kind="warn">History is {NOT_AVAILABLE}</Notice>}
      {first.state === "error" && <Notice kind="error">{first.message}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {first.state === "ok" && items.length === 0 && <p>No attempts yet. Practise a sentence and it appears here.</p>}
      <ul class="attempts">
        {items.map((a) => (
          <li key={a.id} class="attempt" data-attempt-id={a.id}>
            <div class="attempt-head">
              <time dateTime={a.created_at}>{new Date(a.created_at).toLocaleString()}</time>
              {a.scores && <span class="attempt-score">overall {Math.round(a.scores.overall)}/100</span>}
            </div>
            <p class="attempt-text">{a.target_text}</p>
            <p class="attempt-words">
              {a.words.map((w, i) => (
                <span key={i} class={`chip sev-${w.severity}`} title={SEVERITY[w.severity].label}>
                  <span aria-hidden="true">{SEVERITY[w.severity].icon} </span>
                  {w.text.toLowerCase()}
                  <span class="sr-only"> ({SEVERITY[w.severity].label})</span>
                </span>
              ))}
            </p>
            <div class="attempt-actions">
              <button type="button" onClick={() => show(a.id)}>
                Open
              </button>
              <a href={`#/practice?text=${encodeURIComponent(a.target_text ?? "")}`}>Practise again</a>
              <button type="button" class="link" onClick={() => drop(a.id)}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" onClick={more}>
          Load more
        </button>
      )}
    </section>
  );
}
