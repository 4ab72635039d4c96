// Pitch (F0) and intensity contours of the learner's audio, computed in the browser from the
// decoded samples (WebAudio), so the waveform view needs no server endpoint and costs the
// 2-core mesh nothing. The contour is for display; the assessment's own F0 per syllable comes
// from phoneme-diff (Praat).
//
// Pitch: YIN (de Cheveigné & Kawahara 2002, "YIN, a fundamental frequency estimator for speech
// and music", JASA 111(4)): per frame the difference function d(τ) (step 2), its cumulative
// mean normalised form d'(τ) (step 3), the first τ where d' dips under an absolute threshold
// (step 4, 0.15 here; the paper uses 0.1–0.15), else the global minimum when its d' shows the
// frame periodic enough (< 0.35, the paper's aperiodicity as a voicing cue), refined by
// parabolic interpolation (step 5).
// Intensity: RMS of the frame in dB relative to full scale (dBFS).

export interface ContourFrame {
  t: number; // s, frame centre
  f0: number | null; // Hz, null when unvoiced
  db: number; // dBFS
}

export interface ContourOptions {
  frameS?: number; // analysis window, s
  hopS?: number; // s
  minHz?: number;
  maxHz?: number;
  threshold?: number; // YIN absolute threshold on d'
  silenceDb?: number; // frames quieter than this are unvoiced
}

/** F0 of one frame by YIN, or null if no period under the threshold. */
export function yinF0(frame: Float32Array, sampleRate: number, minHz: number, maxHz: number, threshold: number, maxAperiodic = 0.35): number | null {
  const tauMin = Math.max(2, Math.floor(sampleRate / maxHz));
  const tauMax = Math.min(Math.floor(sampleRate / minHz), Math.floor(frame.length / 2));
  if (tauMax <= tauMin) return null;
  const w = frame.length - tauMax;
  const cmnd = new Float32Array(tauMax + 1);
  cmnd[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= tauMax; tau++) {
    let d = 0;
    for (let j = 0; j < w; j++) {
      const diff = frame[j] - frame[j + tau];
      d += diff * diff;
    }
    running += d;
    cmnd[tau] = running > 0 ? (d * tau) / running : 1;
  }
  // Step 4: the first dip under the threshold (then down to its local minimum); if there is
  // none, the global minimum, kept only if it is periodic enough (aperiodicity d' < maxAperiodic).
  let tau = -1;
  for (let t = tauMin; t <= tauMax; t++) {
    if (cmnd[t] < threshold) {
      while (t + 1 <= tauMax && cmnd[t + 1] < cmnd[t]) t++;
      tau = t;
      break;
    }
  }
  if (tau < 0) {
    let best = tauMin;
    for (let t = tauMin + 1; t <= tauMax; t++) if (cmnd[t] < cmnd[best]) best = t;
    if (cmnd[best] >= maxAperiodic) return null;
    tau = best;
  }
  let refined = tau;
  if (tau > 1 && tau < tauMax) {
    const [a, b, c] = [cmnd[tau - 1], cmnd[tau], cmnd[tau + 1]];
    const denom = a - 2 * b + c;
    if (denom !== 0) refined = tau + (a - c) / (2 * denom);
  }
  return sampleRate / refined;
}

/** Pitch and intensity per hop over the whole signal. */
export function contour(samples: Float32Array, sampleRate: number, options: ContourOptions = {}): ContourFrame[] {
  const { frameS = 0.04, hopS = 0.01, minHz = 75, maxHz = 500, threshold = 0.15, silenceDb = -45 } = options;
  const size = Math.round(frameS * sampleRate);
  const hop = Math.round(hopS * sampleRate);
  const frames: ContourFrame[] = [];
  for (let start = 0; start + size <= samples.length; start += hop) {
    const frame = samples.subarray(start, start + size);
    let energy = 0;
    for (let i = 0; i < frame.length; i++) energy += frame[i] * frame[i];
    const db = 10 * Math.log10(energy / frame.length + 1e-12);
    const f0 = db < silenceDb ? null : yinF0(frame, sampleRate, minHz, maxHz, threshold);
    frames.push({ t: (start + size / 2) / sampleRate, f0, db });
  }
  return frames;
}
