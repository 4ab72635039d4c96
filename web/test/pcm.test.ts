import { describe, expect, it } from "vitest";
import { Resampler, fromPcm16Base64, toPcm16 } from "../src/converse/pcm";

const tone = (hz: number, rate: number, n: number, from = 0) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * (i + from)) / rate));

describe("Resampler", () => {
  it("turns 48 kHz into 16 kHz: a third of the samples, the tone kept", () => {
    const out = new Resampler(48000).push(tone(440, 48000, 4800));
    expect(Math.abs(out.length - 1600)).toBeLessThanOrEqual(1);
    const want = tone(440, 16000, out.length);
    const worst = Math.max(...out.map((v, i) => Math.abs(v - want[i])));
    expect(worst).toBeLessThan(0.01);
  });

  it("is continuous across blocks of odd sizes (44.1 kHz)", () => {
    const r = new Resampler(44100);
    const signal = tone(300, 44100, 44100);
    const parts: number[] = [];
    for (let at = 0; at < signal.length; at += 1023) parts.push(...r.push(signal.subarray(at, at + 1023)));
    expect(Math.abs(parts.length - 16000)).toBeLessThanOrEqual(1);
    const want = tone(300, 16000, parts.length);
    const worst = Math.max(...parts.map((v, i) => Math.abs(v - want[i])));
    expect(worst).toBeLessThan(0.01);
  });
});

describe("PCM16", () => {
  it("writes little-endian int16, clipped", () => {
    const view = new DataView(toPcm16(Float32Array.of(0, 1, -1, 2, 0.5)));
    expect([0, 1, 2, 3, 4].map((i) => view.getInt16(i * 2, true))).toEqual([0, 32767, -32768, 32767, 16384]);
    expect(view.getUint8(2)).toBe(0xff); // low byte first
  });

  it("reads base64 PCM16 back", () => {
    const bytes = new Uint8Array(toPcm16(Float32Array.of(0.25, -0.5)));
    const back = fromPcm16Base64(btoa(String.fromCharCode(...bytes)));
    expect(back[0]).toBeCloseTo(0.25, 3);
    expect(back[1]).toBeCloseTo(-0.5, 3);
  });
});
