// Microphone audio → the stream's wire format: 16 kHz mono PCM16 little-endian (docs/api.md,
// WS /converse/stream). Pure functions, unit-tested in test/pcm.test.ts.

export const STREAM_RATE = 16000;

/** Linear-interpolation resampler that keeps its phase across blocks, so a continuous
 *  stream stays continuous. Input at `fromRate` Hz, output at `toRate` Hz (float −1…1).
 *  Downsampling by up to 3× (48 kHz → 16 kHz) after the browser's own anti-alias filtering
 *  of speech is adequate for VAD and ASR; no extra low-pass is applied. */
export class Resampler {
  private readonly step: number;
  private pos = 0; // input position of the next output sample; −1 is the previous block's last
  private last = 0;

  constructor(fromRate: number, toRate: number = STREAM_RATE) {
    if (!(fromRate > 0 && toRate > 0)) throw new RangeError("sample rates must be positive");
    this.step = fromRate / toRate;
  }

  push(input: Float32Array): Float32Array {
    const out: number[] = [];
    while (this.pos <= input.length - 1) {
      const i = Math.floor(this.pos);
      const a = i < 0 ? this.last : input[i];
      const b = i + 1 < input.length ? input[i + 1] : a;
      out.push(a + (b - a) * (this.pos - i));
      this.pos += this.step;
    }
    if (input.length) this.last = input[input.length - 1];
    this.pos -= input.length;
    return Float32Array.from(out);
  }
}

/** Float samples (clipped to −1…1) → PCM16 little-endian bytes. */
export function toPcm16(samples: Float32Array): ArrayBuffer {
  const buffer = new ArrayBuffer(samples.length * 2);
  const view = new DataView(buffer);
  samples.forEach((s, i) => {
    const c = Math.max(-1, Math.min(1, s));
    view.setInt16(i * 2, c < 0 ? Math.round(c * 32768) : Math.round(c * 32767), true);
  });
  return buffer;
}

/** Base64 PCM16 little-endian (a `response.audio.delta`) → float samples. */
export function fromPcm16Base64(b64: string): Float32Array<ArrayBuffer> {
  const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}
