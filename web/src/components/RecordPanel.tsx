import { useEffect, useRef, useState } from "preact/hooks";
import { MAX_RECORDING_S, MicrophoneError, Recorder, type Recording } from "../recorder";
import { Notice } from "./Notice";

export interface Take {
  blob: Blob;
  name: string;
  stoppedAt: number; // performance.now() of the stop (for the stop → result measurement)
}

/** Record with the microphone (level meter, max-duration guard, re-record) or upload a file. */
export function RecordPanel({ onTake, busy, maxS = MAX_RECORDING_S, label = "Record" }: { onTake: (t: Take) => void; busy: boolean; maxS?: number; label?: string }) {
  const [state, setState] = useState<"idle" | "starting" | "recording">("idle");
  const [level, setLevel] = useState(0);
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const recorder = useRef<Recorder | null>(null);

  const deliver = (r: Recording, auto: boolean) => {
    setState("idle");
    if (auto) setNotice(`Stopped at the ${maxS} s limit.`);
    onTake({ blob: r.blob, name: `recording.${r.blob.type.includes("ogg") ? "ogg" : "webm"}`, stoppedAt: r.stoppedAt });
  };

  useEffect(() => {
    if (state !== "recording") return;
    let frame = 0;
    const tick = () => {
      setLevel(recorder.current?.level() ?? 0);
      setElapsed(recorder.current?.elapsedS() ?? 0);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [state]);
  useEffect(() => () => recorder.current?.cancel(), []);

  const start = async () => {
    setError("");
    setNotice("");
    setState("starting");
    const r = new Recorder((rec) => deliver(rec, true), maxS);
    try {
      await r.start();
      recorder.current = r;
      setState("recording");
    } catch (e) {
      setState("idle");
      setError(e instanceof MicrophoneError ? e.message : String(e));
    }
  };
  const stop = async () => {
    const r = recorder.current;
    recorder.current = null;
    if (r) deliver(await r.stop(), false);
  };
  const restart = () => {
    recorder.current?.cancel();
    recorder.current = null;
    void start();
  };
  const upload = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) onTake({ blob: file, name: file.name, stoppedAt: performance.now() });
    input.value = "";
  };

  return (
    <div class="record">
      <div class="record-buttons">
        {state !== "recording" ? (
          <button type="button" class="primary" onClick={start} disabled={busy || state === "starting"}>
            <span aria-hidden="true">● </span>
            {label}
          </button>
        ) : (
          <>
            <button type="button" class="primary stop" onClick={stop}>
              <span aria-hidden="true">■ </span>Stop
            </button>
            <button type="button" onClick={restart}>
              <span aria-hidden="true">↺ </span>Re-record
            </button>
          </>
        )}
        <label class="upload">
          <span>or upload a file</span>
          <input type="file" accept="audio/*,.wav,.flac,.mp3,.ogg,.webm" onChange={upload} disabled={busy || state === "recording"} />
        </label>
      </div>
      {state === "recording" && (
        <div class="meter-row">
          <label for="level">Input level</label>
          <meter id="level" min={0} max={1} low={0.25} high={0.9} optimum={0.6} value={level} />
          <span aria-live="off">
            {elapsed.toFixed(1)} s of {maxS} s
          </span>
        </div>
      )}
      {notice && <Notice>{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}
