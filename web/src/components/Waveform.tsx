import { useEffect, useRef, useState } from "preact/hooks";
import { contour, type ContourFrame } from "../pitch";
import type { WordAssessment } from "../types";

const RATE = 16000; // decode at the mesh's own rate: YIN's cost grows with the rate squared
const PITCH_RANGE = [75, 400]; // Hz, log scale
const DB_FLOOR = -60; // dBFS

interface Decoded {
  samples: Float32Array;
  frames: ContourFrame[];
  duration: number;
}

async function decode(src: string): Promise<Decoded> {
  const response = await fetch(src, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`audio ${response.status}`);
  const context = new OfflineAudioContext(1, 1, RATE);
  const buffer = await context.decodeAudioData(await response.arrayBuffer());
  const samples = buffer.getChannelData(0);
  return { samples, frames: contour(samples, buffer.sampleRate), duration: buffer.duration };
}

function draw(canvas: HTMLCanvasElement, data: Decoded, words: WordAssessment[], selected: number | null) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext("2d");
  if (!g) return;
  g.scale(ratio, ratio);
  const css = getComputedStyle(canvas);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const labelBand = 18;
  const plot = height - labelBand;
  const x = (t: number) => (t / data.duration) * width;
  g.clearRect(0, 0, width, height);

  words.forEach((w, i) => {
    if (w.start === null || w.end === null) return;
    g.fillStyle = i === selected ? color("--wave-selected", "#fde68a") : i % 2 ? color("--wave-band", "#f1f5f9") : "transparent";
    g.fillRect(x(w.start), 0, x(w.end) - x(w.start), plot);
    g.fillStyle = color("--fg", "#111");
    g.font = "12px system-ui, sans-serif";
    g.textAlign = "center";
    g.fillText(w.text.toLowerCase(), (x(w.start) + x(w.end)) / 2, height - 4, x(w.end) - x(w.start));
  });

  g.fillStyle = color("--wave", "#64748b");
  const step = data.samples.length / width;
  for (let px = 0; px < width; px++) {
    let lo = 0;
    let hi = 0;
    const end = Math.min(data.samples.length, Math.floor((px + 1) * step));
    for (let i = Math.floor(px * step); i < end; i++) {
      const v = data.samples[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    g.fillRect(px, plot / 2 - hi * (plot / 2), 1, Math.max(1, (hi - lo) * (plot / 2)));
  }

  g.setLineDash([3, 3]);
  g.strokeStyle = color("--loud", "#0f766e");
  g.lineWidth = 1.5;
  g.beginPath();
  data.frames.forEach((f, i) => {
    const y = plot - ((Math.max(DB_FLOOR, f.db) - DB_FLOOR) / -DB_FLOOR) * plot;
    if (i === 0) g.moveTo(x(f.t), y);
    else g.lineTo(x(f.t), y);
  });
  g.stroke();

  g.setLineDash([]);
  g.strokeStyle = color("--pitch", "#b91c1c");
  g.lineWidth = 2.5;
  const [lo, hi] = PITCH_RANGE.map(Math.log);
  let drawing = false;
  g.beginPath();
  for (const f of data.frames) {
    if (f.f0 === null || f.f0 < PITCH_RANGE[0] || f.f0 > PITCH_RANGE[1]) {
      drawing = false;
      continue;
    }
    const y = plot - ((Math.log(f.f0) - lo) / (hi - lo)) * plot;
    if (drawing) g.lineTo(x(f.t), y);
    else g.moveTo(x(f.t), y);
    drawing = true;
  }
  g.stroke();
}

/** The learner's waveform with its pitch (solid, Hz on a log scale) and loudness (dashed, dB)
 *  contours and the words at their aligned times; clicking a word's band selects it. */
export function Waveform({ src, words, onWord }: { src: string; words: WordAssessment[]; onWord: (i: number) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [data, setData] = useState<Decoded | null>(null);
  const [error, setError] = useState("");
  const [selected, setSelected] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    decode(src)
      .then((d) => live && setData(d))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [src]);
  useEffect(() => {
    const el = canvas.current;
    if (!el || !data) return;
    const redraw = () => draw(el, data, words, selected);
    redraw();
    const observer = new ResizeObserver(redraw);
    observer.observe(el);
    return () => observer.disconnect();
  }, [data, words, selected]);

  const click = (e: MouseEvent) => {
    if (!data || !canvas.current) return;
    const t = (e.offsetX / canvas.current.clientWidth) * data.duration;
    const i = words.findIndex((w) => w.start !== null && w.end !== null && t >= w.start && t <= w.end);
    if (i >= 0) {
      setSelected(i);
      onWord(i);
    }
  };

  if (error) return <p class="hint">The waveform could not be drawn ({error}).</p>;
  return (
    <figure class="waveform">
      <canvas
        ref={canvas}
        role="img"
        aria-label={data ? `Waveform of your recording (${data.duration.toFixed(1)} s) with its pitch and loudness, words marked` : "Loading the waveform"}
        onClick={click}
      />
      <figcaption>
        <span class="key key-pitch" aria-hidden="true" /> pitch (75–400 Hz) <span class="key key-loud" aria-hidden="true" /> loudness (−60–0 dB)
      </figcaption>
    </figure>
  );
}
