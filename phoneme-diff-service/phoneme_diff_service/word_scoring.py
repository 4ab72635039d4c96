"""Per-word error type and severity from the word accuracy, the phone verdicts and the stress
verdict. Accuracy is the word model's prediction on the experts' 0–10 scale × 10.

Error type, first that applies: Omission (the aligner could not place the word, or most of its
phones are deleted), Insertion (an inserted phone), Mispronunciation (accuracy below the
threshold from cross-validation, or a phone not correct), Stress, None.
Severity: none without an error; Omission high; otherwise from the accuracy (< 40 high,
< 70 medium, else low); a stress-only error is medium when P(stress wrong) ≥ 0.5, else low.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicemesh.contracts.phoneme_diff import (
    ErrorType,
    PhoneAssessment,
    Severity,
    StressVerdict,
)

UNALIGNED_WORD_CAP = 10.0


@dataclass(frozen=True)
class WordRules:
    error_threshold: float = 70.0  # accuracy (0–100) below → Mispronunciation


def error_type(
    aligned: bool,
    accuracy: float,
    phones: list[PhoneAssessment],
    stress: StressVerdict,
    rules: WordRules,
) -> ErrorType:
    if not aligned or sum(p.status == "deleted" for p in phones) * 2 > len(phones):
        return "Omission"
    if any(p.status == "inserted" for p in phones):
        return "Insertion"
    if accuracy < rules.error_threshold or any(p.status != "correct" for p in phones):
        return "Mispronunciation"
    if stress.is_error:
        return "Stress"
    return "None"


def severity(kind: ErrorType, accuracy: float, stress: StressVerdict) -> Severity:
    if kind == "None":
        return "none"
    if kind == "Omission":
        return "high"
    if kind == "Stress":
        return "medium" if stress.error_probability >= 0.5 else "low"
    if accuracy < 40.0:
        return "high"
    if accuracy < 70.0:
        return "medium"
    return "low"
