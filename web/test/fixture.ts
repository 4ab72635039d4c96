// The golden mock-mesh answer (tests/data/mock_orchestrator_full.json), and variants of it.
import golden from "../../tests/data/mock_orchestrator_full.json";
import type { ProcessResult, WordAssessment } from "../src/types";

export function goldenResult(): ProcessResult {
  return structuredClone(golden) as unknown as ProcessResult;
}

/** The golden answer with PRODUCTIVE read with its stress on the first syllable and its /d/
 *  replaced by /t/: a high-severity stress error with a substituted phone. */
export function withStressError(): ProcessResult {
  const result = goldenResult();
  const word = result.words.find((w) => w.text === "PRODUCTIVE") as WordAssessment;
  word.error_type = "Stress";
  word.severity = "high";
  word.accuracy = 41.5;
  word.stress.detected_primary = 0;
  word.stress.is_error = true;
  word.stress.error_probability = 0.91;
  const d = word.phones.find((p) => p.expected === "D")!;
  Object.assign(d, { realized: "T", status: "substituted", score: 22.0 });
  return result;
}
