import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import { EMPTY_VIEW, reduce, stopsPlayback, type ServerEvent } from "../converse/events";
import { streamMicrophone, type Capture } from "../converse/microphone";
import { ReplyPlayer } from "../converse/player";
import { SEVERITY, wordExtra } from "../present";
import { Notice } from "./Notice";

type Mode = "chat" | "drill";
const LEVELS = ["beginner", "intermediate", "advanced"] as const;

function streamUrl(mode: Mode, level: string): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/converse/stream?mode=${mode}&level=${level}`;
}

/** Talk with the tutor over WS /converse/stream: microphone in, events and reply audio out. */
export function ConversePage() {
  const [mode, setMode] = useState<Mode>("chat");
  const [level, setLevel] = useState<string>("intermediate");
  const [view, dispatch] = useReducer(reduce, EMPTY_VIEW);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState("");
  const live = useRef<{ ws: WebSocket; capture?: Capture; context: AudioContext } | null>(null);

  const stop = () => {
    const l = live.current;
    live.current = null;
    l?.capture?.stop();
    l?.ws.close();
    void l?.context.close();
    setRunning(false);
  };
  useEffect(() => stop, []);

  const start = async () => {
    setFailure("");
    const context = new AudioContext();
    const player = new ReplyPlayer(context);
    const ws = new WebSocket(streamUrl(mode, level));
    ws.binaryType = "arraybuffer";
    live.current = { ws, context };
    ws.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as ServerEvent;
      if (stopsPlayback(event)) player.stop();
      if (event.type === "response.audio.delta") player.play(String(event.delta), Number(event.sample_rate));
      dispatch(event);
    };
    ws.onclose = (e) => {
      if (live.current?.ws === ws) {
        if (e.code !== 1000) setFailure(`The conversation closed (${e.code}${e.reason ? `: ${e.reason}` : ""}).`);
        stop();
      }
    };
    setRunning(true);
    try {
      const capture = await streamMicrophone(context, (frame) => ws.readyState === WebSocket.OPEN && ws.send(frame));
      if (live.current?.ws === ws) live.current.capture = capture;
      else capture.stop();
    } catch (err) {
      setFailure(`The microphone is not available (${(err as Error).name}): allow it in the browser's site settings.`);
      stop();
    }
  };

  return (
    <section class="converse" data-audio-chunks={view.audioChunks}>
      <h1>Conversation</h1>
      <div class="controls">
        <fieldset disabled={running}>
          <legend>Mode</legend>
          {(["chat", "drill"] as Mode[]).map((m) => (
            <label key={m}>
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {m}
            </label>
          ))}
        </fieldset>
        <label>
          Level{" "}
          <select value={level} disabled={running} onChange={(e) => setLevel(e.currentTarget.value)}>
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={running ? stop : start}>
          {running ? "Stop" : "Start"}
        </button>
      </div>
      <p class="speech" role="status" data-speaking={view.speaking}>
        {!running ? "Not listening." : view.speaking ? "● You are speaking…" : "Listening."}
      </p>
      {failure && <Notice kind="error">{failure}</Notice>}
      {view.errors.map((e, i) => (
        <Notice key={i} kind="warn">{e}</Notice>
      ))}
      <ol class="turns">
        {view.turns.map((t, i) => (
          <li key={i} class="turn">
            <p class="you">
              <strong>You:</strong>{" "}
              {t.words.length ? (
                t.words.map((w, j) => (
                  <span key={j} class={`sev-text sev-${w.severity}`} title={wordExtra(w)}>
                    {w.text} <span aria-hidden="true">{SEVERITY[w.severity].icon}</span>
                    <span class="sr-only">({wordExtra(w)})</span>{" "}
                  </span>
                ))
              ) : (
                <span class="transcript">{t.transcript ?? "…"}</span>
              )}
            </p>
            {t.correction && <p class="correction">Correction: {t.correction}</p>}
            <p class="tutor">
              <strong>Tutor:</strong> <span class="reply">{t.reply}</span>
              {t.status === "cancelled" && " (interrupted)"}
            </p>
          </li>
        ))}
      </ol>
      {view.ended && <Notice>{view.ended}</Notice>}
    </section>
  );
}
