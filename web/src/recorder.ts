// Microphone recording (MediaRecorder) with an input level (WebAudio AnalyserNode) and a
// maximum duration after which it stops by itself. The browser's echo cancellation, noise
// suppression and gain control are off: they smear the vowels the assessment measures.

export const MAX_RECORDING_S = 15; // a practice sentence takes 2–6 s; the server takes ≤ 60 s

export class MicrophoneError extends Error {}

/** A message a learner can act on, from getUserMedia's error. */
export function microphoneMessage(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "SecurityError")
    return "Microphone access was denied. Allow the microphone for this page in the browser's site settings and press Record again, or upload a recording instead.";
  if (name === "NotFoundError" || name === "OverconstrainedError")
    return "No microphone was found. Connect one and press Record again, or upload a recording instead.";
  if (name === "NotReadableError") return "The microphone is busy in another program. Close it there and press Record again.";
  return `The microphone could not be opened (${name ?? String(error)}). You can upload a recording instead.`;
}

export interface Recording {
  blob: Blob;
  durationS: number;
  stoppedAt: number; // performance.now() when the learner (or the guard) stopped it
}

export class Recorder {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private analyser: AnalyserNode | null = null;
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];
  private startedAt = 0;
  private guard: number | undefined;
  private done: ((r: Recording) => void) | null = null;
  private stoppedAt = 0;

  constructor(
    private readonly onAutoStop: (r: Recording) => void,
    private readonly maxS = MAX_RECORDING_S,
  ) {}

  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia)
      throw new MicrophoneError("This browser gives no microphone here: it needs https or http://localhost. Upload a recording instead.");
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
      });
    } catch (error) {
      throw new MicrophoneError(microphoneMessage(error));
    }
    this.context = new AudioContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.context.createMediaStreamSource(this.stream).connect(this.analyser);
    const mimeType = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"].find((t) => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : undefined);
    this.chunks = [];
    this.recorder.ondataavailable = (e) => e.data.size && this.chunks.push(e.data);
    this.recorder.onstop = () => this.finish();
    this.recorder.start();
    this.startedAt = performance.now();
    this.guard = window.setTimeout(() => {
      this.done = this.onAutoStop;
      this.halt();
    }, this.maxS * 1000);
  }

  /** Input level 0–1 (RMS of the last 1024 samples on a −60…0 dBFS scale). */
  level(): number {
    if (!this.analyser) return 0;
    const buffer = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(buffer);
    let sum = 0;
    for (const x of buffer) sum += x * x;
    const db = 10 * Math.log10(sum / buffer.length + 1e-12);
    return Math.min(1, Math.max(0, (db + 60) / 60));
  }

  elapsedS(): number {
    return this.recorder ? (performance.now() - this.startedAt) / 1000 : 0;
  }

  stop(): Promise<Recording> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.halt();
    });
  }

  /** Drop the recording in progress (re-record, leaving the page). */
  cancel(): void {
    this.done = null;
    this.halt();
  }

  private halt(): void {
    this.stoppedAt = performance.now();
    window.clearTimeout(this.guard);
    if (this.recorder && this.recorder.state !== "inactive") this.recorder.stop();
    else this.finish();
  }

  private finish(): void {
    const durationS = (this.stoppedAt - this.startedAt) / 1000;
    const type = this.recorder?.mimeType || "audio/webm";
    this.stream?.getTracks().forEach((t) => t.stop());
    void this.context?.close();
    this.stream = null;
    this.context = null;
    this.analyser = null;
    this.recorder = null;
    const done = this.done;
    this.done = null;
    done?.({ blob: new Blob(this.chunks, { type }), durationS, stoppedAt: this.stoppedAt });
  }
}
