// Shapes of the orchestrator's answers (libs/voicemesh/voicemesh/contracts, docs/api.md) and of
// the multi-user server's endpoints: attempts, progress, voices. Times in seconds, scores 0–100.

export type Severity = "none" | "low" | "medium" | "high";
export type ErrorType = "None" | "Mispronunciation" | "Omission" | "Insertion" | "Stress";
export type PhoneStatus = "correct" | "substituted" | "deleted" | "inserted";

export interface PhoneAssessment {
  expected: string | null;
  realized: string | null;
  ipa: string;
  status: PhoneStatus;
  score: number;
  start: number | null;
  end: number | null;
  gop?: number | null;
}

export interface SyllableProminence {
  phones: string[];
  expected_stress: 0 | 1 | 2;
  nucleus: string;
  duration_s: number | null;
  duration_z: number | null;
  intensity_db: number | null;
  f0_hz: number | null;
  prominence: number;
}

export interface StressVerdict {
  applicable: boolean;
  expected_primary: number | null;
  detected_primary: number | null;
  error_probability: number;
  is_error: boolean;
  score: number;
  syllables: SyllableProminence[];
}

export interface WordAssessment {
  text: string;
  start: number | null;
  end: number | null;
  accuracy: number;
  error_type: ErrorType;
  severity: Severity;
  expected_phones: string[];
  ipa: string;
  weak_form: boolean;
  phones: PhoneAssessment[];
  stress: StressVerdict;
}

export interface UtteranceScores {
  accuracy: number;
  stress: number;
  fluency: number;
  completeness: number;
  overall: number;
}

export interface AudioArtifact {
  id: string;
  format: string;
  sample_rate: number;
  duration_s: number;
  url: string | null;
}

export interface Drill {
  kind: "words" | "minimal_pairs" | "sentence";
  focus: string;
  items: string[];
}

export interface Feedback {
  summary: string;
  priorities: { rank: number; issue: string; description: string; words: string[]; severity: Severity }[];
  tips: { word: string; problem: string; how_to_fix: string; example: string }[];
  drills: Drill[];
  encouragement: string;
}

export interface StageError {
  stage: string;
  code: string;
  message: string;
  retryable: boolean;
}

export interface ProcessResult {
  request_id: string | null;
  transcript: string | null;
  target_text: string | null;
  target_source: "given" | "transcript" | null;
  words: WordAssessment[];
  scores: UtteranceScores | null;
  audio: {
    learner: AudioArtifact | null;
    model_pronunciation: AudioArtifact | null;
    own_voice: AudioArtifact | null;
  };
  feedback: Feedback | null;
  timings: { stage: string; start_s: number; duration_s: number; ok: boolean }[];
  total_s: number;
  errors: StageError[];
  attempt_id?: string; // multi-user server
}

export interface PracticeSentence {
  text: string;
  focus_words: string[];
  focus_ipa?: string[];
}

export interface PracticeGroup {
  id: string;
  title: string;
  kind: "sound" | "stress";
  focus: string;
  sentences: PracticeSentence[];
}

export interface AttemptSummary {
  id: string;
  created_at: string;
  target_text: string | null;
  scores: UtteranceScores | null;
  words: { text: string; error_type: ErrorType; severity: Severity; accuracy: number }[];
  user_id: string;
}

export interface Progress {
  attempts: number;
  scores_over_time: { at: string; overall: number; accuracy: number; stress: number }[];
  top_substitutions: { expected: string; realized: string; count: number }[];
  stress_errors: { word: string; count: number }[];
  words_to_practise: { word: string; count: number; last_accuracy: number }[];
}

export interface Voice {
  id: string;
  name: string;
  status: "pending" | "ready" | "failed";
  samples: number;
}
