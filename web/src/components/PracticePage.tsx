import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError, getJson, postForm } from "../api";
import type { PracticeGroup, ProcessResult } from "../types";
import { Notice } from "./Notice";
import { RecordPanel, type Take } from "./RecordPanel";
import { ResultView } from "./ResultView";
import { selectedVoice } from "./VoicesPage";

/** performance.measure name of stop-recording → result rendered (bench/web.py reads it). */
export const STOP_TO_RESULT = "vm-stop-to-result";

function SentencePicker({ groups, text, onPick }: { groups: PracticeGroup[]; text: string; onPick: (t: string) => void }) {
  return (
    <div class="groups">
      {groups.map((g) => (
        <details key={g.id} open={g.sentences.some((s) => s.text === text)}>
          <summary>
            <span class={`kind kind-${g.kind}`}>{g.kind === "sound" ? "sound" : "stress"}</span> {g.title}
          </summary>
          <ul>
            {g.sentences.map((s) => (
              <li key={s.text}>
                <button type="button" class="sentence" aria-pressed={s.text === text} onClick={() => onPick(s.text)}>
                  {s.text}
                  {s.focus_ipa && <span class="ipa"> /{s.focus_ipa.join("/ – /")}/</span>}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}

export function PracticePage({ params }: { params: URLSearchParams }) {
  const [groups, setGroups] = useState<PracticeGroup[] | null>(null);
  const [groupsError, setGroupsError] = useState("");
  const [text, setText] = useState(params.get("text") ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [result, setResult] = useState<ProcessResult | null>(null);
  const [learnerUrl, setLearnerUrl] = useState<string | null>(null);
  const stoppedAt = useRef<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    getJson<{ groups: PracticeGroup[] }>("/practice")
      .then((r) => setGroups(r.groups))
      .catch((e: Error) => setGroupsError(e.message));
  }, []);
  useEffect(() => {
    const t = params.get("text");
    if (t) {
      setText(t);
      setResult(null);
    }
  }, [params.toString()]);
  useLayoutEffect(() => {
    const start = stoppedAt.current;
    if (result && start !== null) {
      stoppedAt.current = null;
      // the next frame: the result's DOM is committed and laid out
      requestAnimationFrame(() => performance.measure(STOP_TO_RESULT, { start, end: performance.now() }));
    }
  }, [result]);

  const submit = async (take: Take) => {
    setBusy(true);
    setError("");
    const form = new FormData();
    form.append("audio", take.blob, take.name);
    if (text.trim()) form.append("text", text.trim());
    const voice = selectedVoice();
    if (voice) form.append("voice_id", voice);
    stoppedAt.current = take.stoppedAt;
    try {
      const answer = await postForm<ProcessResult>("/process", form);
      if (learnerUrl) URL.revokeObjectURL(learnerUrl);
      setLearnerUrl(URL.createObjectURL(take.blob));
      setResult(answer);
    } catch (e) {
      stoppedAt.current = null;
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const tryAgain = () => {
    setResult(null);
    requestAnimationFrame(() => heading.current?.focus());
  };

  if (result) return <ResultView result={result} localAudio={learnerUrl} onTryAgain={tryAgain} />;

  return (
    <section aria-labelledby="practice-title">
      <h1 id="practice-title" ref={heading} tabIndex={-1}>
        Practice
      </h1>
      <div class="practice">
        <div class="panel">
          <h2>1. Choose a sentence</h2>
          {groups === null && !groupsError && <Notice>Loading practice sentences…</Notice>}
          {groupsError && <Notice kind="warn">Practice sentences are not available ({groupsError}). Type your own below.</Notice>}
          {groups && groups.length === 0 && <Notice kind="warn">This server has no practice sentences (a mock mesh has none). Type your own below.</Notice>}
          {groups && <SentencePicker groups={groups} text={text} onPick={setText} />}
          <label for="target">Or type your own sentence</label>
          <textarea id="target" rows={2} maxLength={1000} value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder="It was a sufficient answer" />
        </div>
        <div class="panel">
          <h2>2. Say it</h2>
          {text.trim() ? <p class="to-read">{text}</p> : <p class="hint">No sentence: the mesh will judge what it hears.</p>}
          <RecordPanel onTake={submit} busy={busy} />
          {busy && <Notice>Listening to your recording…</Notice>}
          {error && <Notice kind="error">{error}</Notice>}
        </div>
      </div>
    </section>
  );
}
