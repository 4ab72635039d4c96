// Reply audio (response.audio.delta: base64 PCM16 at its sample_rate) played gap-free in order:
// each chunk an AudioBufferSourceNode started where the previous one ends.
import { fromPcm16Base64 } from "./pcm";

export class ReplyPlayer {
  private next = 0; // context time (s) at which the next chunk starts
  private playing = new Set<AudioBufferSourceNode>();

  constructor(private readonly context: AudioContext) {}

  play(b64: string, sampleRate: number): void {
    const samples = fromPcm16Base64(b64);
    if (!samples.length) return;
    const buffer = this.context.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(samples, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const at = Math.max(this.next, this.context.currentTime);
    source.start(at);
    this.next = at + buffer.duration;
    this.playing.add(source);
    source.onended = () => this.playing.delete(source);
  }

  /** Barge-in: silence everything scheduled, at once. */
  stop(): void {
    for (const source of this.playing) source.stop();
    this.playing.clear();
    this.next = 0;
  }
}
