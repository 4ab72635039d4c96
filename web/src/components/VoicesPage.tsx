import { useEffect, useState } from "preact/hooks";
import { getJson, postForm, postJson } from "../api";
import type { Voice } from "../types";
import { NOT_AVAILABLE } from "./HistoryPage";
import { Notice } from "./Notice";
import { RecordPanel, type Take } from "./RecordPanel";
import { useApi } from "./useApi";

const CHOSEN = "vm.voice_id";
const SAMPLES = 3;
const SAMPLE_S = 10;
// Three short readings give the profile a spread of vowels and pitch.
const SAMPLE_TEXTS = [
  "The quick brown fox jumps over the lazy dog.",
  "She sells sea shells by the sea shore.",
  "How much wood would a woodchuck chuck?",
];

/** The voice profile chosen for own-voice audio, sent with /process as voice_id. */
export function selectedVoice(): string | null {
  try {
    return localStorage.getItem(CHOSEN);
  } catch {
    return null;
  }
}

function VoiceRecorder({ voice, onChange }: { voice: Voice; onChange: (v: Voice) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const next = Math.min(voice.samples, SAMPLES - 1);
  const take = async (t: Take) => {
    setBusy(true);
    setError("");
    const form = new FormData();
    form.append("audio", t.blob, t.name);
    try {
      const answer = await postForm<{ id: string; samples: number; status: Voice["status"] }>(`/voices/${encodeURIComponent(voice.id)}/samples`, form);
      onChange({ ...voice, samples: answer.samples, status: answer.status });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (voice.samples >= SAMPLES) return null;
  return (
    <div class="voice-recorder">
      <p>
        Sample {voice.samples + 1} of {SAMPLES}: read <q>{SAMPLE_TEXTS[next]}</q>
      </p>
      <RecordPanel onTake={take} busy={busy} maxS={SAMPLE_S} label={`Record sample ${voice.samples + 1}`} />
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}

export function VoicesPage() {
  const [list, reload] = useApi<{ items: Voice[] }>("/voices");
  const [voices, setVoices] = useState<Voice[]>([]);
  const [name, setName] = useState("My voice");
  const [chosen, setChosen] = useState(selectedVoice());
  const [error, setError] = useState("");

  useEffect(() => {
    if (list.state === "ok") setVoices(list.data.items);
  }, [list]);
  useEffect(() => {
    if (!voices.some((v) => v.status === "pending" && v.samples >= SAMPLES)) return;
    const timer = window.setInterval(async () => {
      const fresh = await Promise.all(voices.map((v) => (v.status === "pending" ? getJson<Voice>(`/voices/${encodeURIComponent(v.id)}`) : v)));
      setVoices(fresh);
    }, 2000);
    return () => window.clearInterval(timer);
  }, [voices]);

  const create = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      const voice = await postJson<Voice>("/voices", { name: name.trim() });
      setVoices((vs) => [voice, ...vs]);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const choose = (id: string | null) => {
    if (id) localStorage.setItem(CHOSEN, id);
    else localStorage.removeItem(CHOSEN);
    setChosen(id);
  };
  const update = (v: Voice) => setVoices((vs) => vs.map((x) => (x.id === v.id ? v : x)));

  return (
    <section aria-labelledby="voices-title">
      <h1 id="voices-title">Voice profile</h1>
      <p>Record three short samples; the model pronunciation is then said in your profile's voice ("own voice").</p>
      {list.state === "loading" && <Notice>Loading voice profiles…</Notice>}
      {list.state === "unavailable" && <Notice kind="warn">Voice profiles are {NOT_AVAILABLE} Own-voice audio adapts to each recording instead.</Notice>}
      {list.state === "error" && (
        <Notice kind="error">
          {list.message}{" "}
          <button type="button" class="link" onClick={reload}>
            Retry
          </button>
        </Notice>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {list.state === "ok" && (
        <>
          <form class="inline" onSubmit={create}>
            <label for="voice-name">New profile name</label>
            <input id="voice-name" value={name} maxLength={80} onInput={(e) => setName(e.currentTarget.value)} required />
            <button type="submit">Create</button>
          </form>
          <ul class="voices">
            {voices.map((v) => (
              <li key={v.id} class="panel">
                <h2>{v.name}</h2>
                <p>
                  Status: <strong>{v.status}</strong> · {v.samples} of {SAMPLES} samples
                </p>
                {v.status !== "failed" && <VoiceRecorder voice={v} onChange={update} />}
                <label class="choose">
                  <input type="radio" name="own-voice" checked={chosen === v.id} disabled={v.status !== "ready"} onChange={() => choose(v.id)} />
                  Use for own-voice audio{v.status !== "ready" && " (when ready)"}
                </label>
              </li>
            ))}
          </ul>
          {chosen && (
            <button type="button" onClick={() => choose(null)}>
              Stop using a profile
            </button>
          )}
        </>
      )}
    </section>
  );
}
