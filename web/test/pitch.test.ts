import { describe, expect, it } from "vitest";
import { contour, yinF0 } from "../src/pitch";

const RATE = 16000;

function tone(hz: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  // a voice-like tone: fundamental plus two weaker harmonics
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    out[i] = amplitude * (Math.sin(2 * Math.PI * hz * t) + 0.5 * Math.sin(4 * Math.PI * hz * t) + 0.25 * Math.sin(6 * Math.PI * hz * t)) / 1.75;
  }
  return out;
}

function noise(seconds: number, amplitude: number, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31; // deterministic LCG
    out[i] = amplitude * (x / 2 ** 30 - 1);
  }
  return out;
}

describe("YIN pitch tracker", () => {
  it.each([90, 120, 220, 350])("finds the F0 of a %d Hz harmonic tone within 1 %%", (hz) => {
    const f0 = yinF0(tone(hz, 0.04), RATE, 75, 500, 0.15);
    expect(f0).not.toBeNull();
    expect(Math.abs(f0! - hz) / hz).toBeLessThan(0.01);
  });

  it("does not halve or double the pitch when the second harmonic is strong", () => {
    const strong = tone(150, 0.04).map((v, i) => v + 0.6 * Math.sin((2 * Math.PI * 300 * i) / RATE));
    expect(Math.abs(yinF0(strong, RATE, 75, 500, 0.15)! - 150)).toBeLessThan(2);
  });

  it("calls white noise unvoiced", () => {
    expect(yinF0(noise(0.04, 0.5), RATE, 75, 500, 0.15)).toBeNull();
  });
});

describe("contour", () => {
  it("follows a tone, silence and a second tone, with intensity in dBFS", () => {
    const signal = new Float32Array([...tone(200, 0.3), ...new Float32Array(0.2 * RATE), ...tone(120, 0.3, 0.05)]);
    const frames = contour(signal, RATE);
    expect(frames.length).toBe(Math.floor((signal.length - 640) / 160) + 1);
    const at = (t: number) => frames.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));
    expect(at(0.15).f0).toBeCloseTo(200, -1);
    expect(at(0.4).f0).toBeNull(); // silence
    expect(at(0.4).db).toBeLessThan(-100);
    expect(at(0.65).f0).toBeCloseTo(120, -1);
    // 20·log10(0.5 / 0.05) = 20 dB quieter
    expect(at(0.15).db - at(0.65).db).toBeCloseTo(20, 0);
  });
});
