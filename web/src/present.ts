// How an assessment is shown: severity as icon + words (never colour alone), syllables with
// stress marks, evidence scaled to bars. Pure functions, unit-tested in test/present.test.ts.
import { arpabetToIpa } from "./phones";
import type { ErrorType, Severity, SyllableProminence, WordAssessment } from "./types";

export interface SeverityLook {
  icon: string;
  label: string;
}

export const SEVERITY: Record<Severity, SeverityLook> = {
  none: { icon: "✓", label: "good" },
  low: { icon: "•", label: "minor issue" },
  medium: { icon: "▲", label: "needs work" },
  high: { icon: "✖", label: "wrong" },
};

const ERROR_TEXT: Record<ErrorType, string> = {
  None: "",
  Mispronunciation: "mispronounced",
  Omission: "left out",
  Insertion: "extra sound",
  Stress: "stress on the wrong syllable",
};

/** "mispronounced, needs work, 62/100": the verdict on a word in words. */
export function describeWord(word: WordAssessment): string {
  const parts = [ERROR_TEXT[word.error_type], SEVERITY[word.severity].label].filter(Boolean);
  return `${parts.join(", ")}, ${Math.round(word.accuracy)}/100`;
}

/** The short label shown under a word: "stress" for a stress error, else the severity. */
export function wordLabel(word: WordAssessment): string {
  return word.error_type === "Stress" ? "stress" : SEVERITY[word.severity].label;
}

/** What a screen reader hears after the visible text of a word: its error and score. */
export function wordExtra(word: WordAssessment): string {
  return [ERROR_TEXT[word.error_type], `${Math.round(word.accuracy)}/100`].filter(Boolean).join(", ");
}

/** IPA of a syllable from its ARPAbet phones, no stress mark: [P, R, AH0] → pɹə. */
export function syllableIpa(syllable: SyllableProminence): string {
  return syllable.phones.map(arpabetToIpa).join("");
}

/** The syllables joined by "·", with ˈ before the syllable at ``primary`` (none if null). */
export function markStress(syllables: SyllableProminence[], primary: number | null): string {
  return syllables.map((s, i) => (i === primary ? "ˈ" : "") + syllableIpa(s)).join("·");
}

export interface StressView {
  expected: string;
  detected: string | null; // null when the stress could not be judged
  verdict: "right" | "wrong" | "close" | null; // close: another syllable was a little stronger,
  // not enough for the model to call it an error
}

export const STRESS_VERDICT = {
  right: "✓ right syllable",
  wrong: "✖ stress on the wrong syllable",
  close: "≈ another syllable was a little stronger; not counted as an error",
};

/** Expected against detected stress of a word with two or more syllables (else null). */
export function stressView(word: WordAssessment): StressView | null {
  const s = word.stress;
  if (s.syllables.length < 2) return null;
  const detected = s.applicable && s.detected_primary !== null ? markStress(s.syllables, s.detected_primary) : null;
  let verdict: StressView["verdict"] = null;
  if (detected !== null) verdict = s.is_error ? "wrong" : s.detected_primary === s.expected_primary ? "right" : "close";
  return { expected: markStress(s.syllables, s.expected_primary), detected, verdict };
}

export interface EvidenceBar {
  label: string; // "duration", "intensity", "pitch"
  text: string; // "0.27 s"
  fraction: number; // 0–1 of the word's largest value
}

/** Per syllable, the prominence evidence scaled within the word (largest value = 1). Intensity
 *  is scaled over a 30 dB floor below the word's loudest vowel, so bars show differences. */
export function evidenceBars(syllables: SyllableProminence[]): EvidenceBar[][] {
  const max = (xs: (number | null)[]) => Math.max(...xs.map((x) => x ?? 0), 1e-9);
  const dur = max(syllables.map((s) => s.duration_s));
  const f0 = max(syllables.map((s) => s.f0_hz));
  const loud = max(syllables.map((s) => s.intensity_db));
  return syllables.map((s) => [
    { label: "duration", text: s.duration_s === null ? "—" : `${s.duration_s.toFixed(2)} s`, fraction: (s.duration_s ?? 0) / dur },
    {
      label: "intensity",
      text: s.intensity_db === null ? "—" : `${s.intensity_db.toFixed(0)} dB`,
      fraction: s.intensity_db === null ? 0 : Math.max(0, 1 - (loud - s.intensity_db) / 30),
    },
    { label: "pitch", text: s.f0_hz === null ? "unvoiced" : `${s.f0_hz.toFixed(0)} Hz`, fraction: (s.f0_hz ?? 0) / f0 },
  ]);
}

/** Score 0–100 → a word for it (shown next to the number). */
export function scoreWord(score: number): string {
  if (score >= 85) return "good";
  if (score >= 65) return "fair";
  return "needs work";
}
