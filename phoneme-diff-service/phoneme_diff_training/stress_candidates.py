"""Extra lexical-stress columns (issue #19, candidate 4): the expected-primary syllable against
the word's other syllables in raw units, its prominence rank, the reduced vowels' prominence,
the primary against the other words' primaries in the utterance, and the phone model's score
of the vowels, and a misplaced-stress detector fitted on synthesised speech. Measured by
``stress_experiments.py``; not shipped (see docs/evaluation.md:
within the spread over seeds); they would move into features.stress_row if adopted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from phoneme_diff_service.expected import WordSpec
from phoneme_diff_service.features import REDUCED_VOWELS, Nucleus, matrix, semitones
from phoneme_diff_service.models import LogisticModel
from phoneme_diff_training.stats import fit_logistic

NAN = float("nan")


def _nanmax(values: Sequence[float]) -> float:
    finite = [v for v in values if math.isfinite(v)]
    return max(finite) if finite else NAN


def _nanmean(values: Sequence[float]) -> float:
    finite = [v for v in values if math.isfinite(v)]
    return float(np.mean(finite)) if finite else NAN


def _prominence(n: Nucleus) -> float:
    return n.prominence if n.duration_s is not None else NAN


def relative_columns(
    words: list[WordSpec], nuclei: list[list[Nucleus]], w: int
) -> dict[str, float]:
    """Word ``w``'s expected primary against its other syllables: intensity (dB) and F0
    (semitones) minus the others' maximum, the number of syllables more prominent than it,
    the reduced vowels' highest prominence (and minus the primary's), and its prominence minus
    the mean of the other stress-bearing words' primaries in the utterance. NaN = missing."""
    spec, own = words[w], nuclei[w]
    p = spec.primary or 0
    others = [i for i in range(len(own)) if i != p]
    prom = [_prominence(n) for n in own]
    reduced = [prom[i] for i in others if spec.phones[spec.syllables[i].nucleus] in REDUCED_VOWELS]
    intensity = [NAN if n.intensity_db is None else n.intensity_db for n in own]
    f0 = [NAN if n.f0_hz is None else semitones(n.f0_hz) for n in own]
    primaries = [
        _prominence(nuclei[v][s.primary])
        for v, s in enumerate(words)
        if v != w and s.multisyllabic and s.primary is not None and not s.weak_form
    ]
    rank = float(sum(prom[i] > prom[p] for i in others)) if math.isfinite(prom[p]) else NAN
    reduced_max = _nanmax(reduced)
    return {
        "x_int_db_minus_max": intensity[p] - _nanmax([intensity[i] for i in others]),
        "x_f0_st_minus_max": f0[p] - _nanmax([f0[i] for i in others]),
        "x_prom_rank": rank,
        "x_reduced_prom_max": reduced_max,
        "x_reduced_minus_primary": reduced_max - prom[p],
        "x_prom_minus_utt_primaries": prom[p] - _nanmean(primaries),
    }


def vowel_score_columns(spec: WordSpec, phone_scores: Sequence[float]) -> dict[str, float]:
    """The phone model's score (0–2) of the expected primary's vowel and the lowest of the
    other syllables' vowels (``phone_scores``: one per phone of the word)."""
    p = spec.primary or 0
    at = [float(phone_scores[s.nucleus]) for s in spec.syllables]
    return {
        "x_vowel_score_primary": at[p],
        "x_vowel_score_others_min": min((v for i, v in enumerate(at) if i != p), default=NAN),
    }


def reduced_margin_column(spec: WordSpec, logits: Sequence[float]) -> dict[str, float]:
    """The nucleus classifier's log-odds (nucleus_stress.py) of the expected primary minus the
    highest of the word's other syllables with a reduced vowel (features.REDUCED_VOWELS): how
    far a schwa syllable sounds stressed (SUFficient). NaN when either is missing."""
    p = spec.primary or 0
    own = logits[p] if p < len(logits) else NAN
    reduced = [
        logits[i]
        for i, syl in enumerate(spec.syllables)
        if i != p and i < len(logits) and spec.phones[syl.nucleus] in REDUCED_VOWELS
    ]
    return {"x_wh_st_minus_max_reduced": own - _nanmax(reduced)}


def position_margin_columns(spec: WordSpec, logits: Sequence[float]) -> dict[str, float]:
    """The nucleus classifier's log-odds of the expected primary minus the highest unstressed
    syllable before it (pre-tonic: SUFficient, HOtel) and minus the highest syllable after it
    (post-tonic, where word- and phrase-final lengthening makes a syllable sound long without
    a stress error; Oller 1973, Turk & Shattuck-Hufnagel 2000). NaN when either is missing."""
    p = spec.primary or 0
    own = logits[p] if p < len(logits) else NAN
    before = [logits[i] for i in range(min(p, len(logits))) if spec.syllables[i].stress == 0]
    after = list(logits[p + 1 :])
    return {
        "x_wh_st_minus_max_pretonic": own - _nanmax(before),
        "x_wh_st_minus_max_posttonic": own - _nanmax(after),
    }


# The stress row's columns about how well the word and the utterance were said (the word
# model's accuracy and its utterance summary, GOP means): left out of the synthetic detector,
# whose Piper clips are all well said.
QUALITY_COLUMNS = frozenset(
    {
        "word_accuracy_pred",
        "u_word_low",
        "u_word_mean",
        "u_word_min",
        "u_words",
        "utt_gop_mean",
        "w_gop_mean",
    }
)
SYNTHETIC_DETECTOR_L2 = 10.0
SYN_STRESS_LOGIT = "syn_stress_logit"


def synthetic_detector(
    rows: list[dict[str, float]], share: np.ndarray
) -> tuple[list[str], LogisticModel]:
    """A logistic regression fitted on the synthesised pairs alone (stress_synthesis.py: the
    shifted word 1, the same word said as the lexicon has it 0) on the stress row's acoustic
    columns (every one but QUALITY_COLUMNS). Its targets are the synthesis', not the experts',
    so its log-odds can feed the stress model's cross-validation without nesting."""
    names = sorted(c for c in rows[0] if c not in QUALITY_COLUMNS)
    return names, fit_logistic(matrix(rows, names), share, names, l2=SYNTHETIC_DETECTOR_L2)


def detector_column(
    names: list[str], model: LogisticModel, row: dict[str, float]
) -> dict[str, float]:
    """The detector's log-odds that ``row``'s word has a misplaced primary stress."""
    p = float(np.clip(model.predict_proba(matrix([row], names))[0], 1e-4, 1 - 1e-4))
    return {SYN_STRESS_LOGIT: math.log(p / (1 - p))}
