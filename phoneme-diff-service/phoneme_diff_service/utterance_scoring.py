"""Utterance scores 0–100 from the word verdicts and the alignment's timing.

The speechocean762 subset has no sentence-level labels, so these are documented rules, not
fitted models:

- accuracy: mean word accuracy over the words that were read, weighted by phone count
  (as Azure Pronunciation Assessment weights it); 0 when no word was read.
- stress: mean stress score over words where stress applies; 100 when none does.
- fluency: half speech rate, half pauses. Rate = syllables per second from the first word's
  start to the last word's end, mapped linearly from 1.5 syl/s (0) to 3.5 syl/s (100)
  (careful read L2 speech sits near 2.5–3; fluent reading near 4–5 syl/s). Pauses = silent
  time between read words over that span: 0 % → 100, ≥ 40 % → 0; gaps under 0.1 s
  are ignored (stop closures, alignment jitter).
- completeness: share of words read (not omitted), in %.
- overall: 0.5 accuracy + 0.2 fluency + 0.15 completeness + 0.15 stress.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from voicemesh.contracts.phoneme_diff import UtteranceScores, WordAssessment

RATE_FLOOR, RATE_FULL = 1.5, 3.5  # syllables per second
PAUSE_FLOOR_S = 0.1
PAUSE_RATIO_ZERO = 0.4
WEIGHTS = {"accuracy": 0.5, "fluency": 0.2, "completeness": 0.15, "stress": 0.15}


def fluency(words: list[WordAssessment], syllables: list[int]) -> float:
    """0–100 from speech rate and inter-word pauses of the read words."""
    timed = [
        (w.start, w.end, n)
        for w, n in zip(words, syllables, strict=True)
        if w.error_type != "Omission" and w.start is not None and w.end is not None
    ]
    if not timed:
        return 0.0
    span = timed[-1][1] - timed[0][0]
    if span <= 0:
        return 0.0
    rate = sum(n for *_, n in timed) / span
    gaps = [max(0.0, b[0] - a[1]) for a, b in pairwise(timed)]
    pause = sum(g for g in gaps if g >= PAUSE_FLOOR_S) / span
    rate_score = float(np.clip((rate - RATE_FLOOR) / (RATE_FULL - RATE_FLOOR), 0.0, 1.0))
    pause_score = float(np.clip(1.0 - pause / PAUSE_RATIO_ZERO, 0.0, 1.0))
    return 100.0 * (0.5 * rate_score + 0.5 * pause_score)


def utterance_scores(words: list[WordAssessment], syllables: list[int]) -> UtteranceScores:
    """``syllables``: expected syllable count of each word (same order as ``words``)."""
    read = [w for w in words if w.error_type != "Omission"]
    weights = [max(len(w.expected_phones), 1) for w in read]
    accuracy = float(np.average([w.accuracy for w in read], weights=weights)) if read else 0.0
    stressed = [w.stress.score for w in words if w.stress.applicable]
    stress = float(np.mean(stressed)) if stressed else 100.0
    completeness = 100.0 * len(read) / len(words) if words else 0.0
    flu = fluency(words, syllables)
    overall = (
        WEIGHTS["accuracy"] * accuracy
        + WEIGHTS["fluency"] * flu
        + WEIGHTS["completeness"] * completeness
        + WEIGHTS["stress"] * stress
    )
    return UtteranceScores(
        accuracy=round(accuracy, 1),
        stress=round(stress, 1),
        fluency=round(flu, 1),
        completeness=round(completeness, 1),
        overall=round(overall, 1),
    )
