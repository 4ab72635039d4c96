"""Inputs of the two stress models beyond a word's own prosody (features.py): the word's
predicted accuracy and how the whole reading scores.

speechocean762's experts mark a word's stress wrong mostly in weak readings: the 158 words of
the train split with a wrong-stress median mark sit in utterances whose words score low
overall. One-syllable words and weak forms are marked too (54 of the 158: e.g. WAS, HER, DO
read with a full, stressed vowel), so those words get their own, smaller model
(:func:`monosyllable_stress_row`); it never flags an error, it only lowers the stress score
(stress.py).
"""

from __future__ import annotations

import numpy as np

from phoneme_diff_service.feature_columns import W_GOP_MEAN
from phoneme_diff_service.features import NAN, Nucleus
from phoneme_diff_service.nucleus_stress import (
    WH_ST_MINUS_MAX,
    WH_ST_MINUS_UNSTRESSED,
    WH_ST_PRIMARY,
    WH_ST_SHARE,
)

LOW_WORD_ACCURACY = 7.0  # on the experts' 0–10 scale: train.WORD_ERROR_LABEL
# The expected primary's margins over the word's other syllables (features.stress_row: z-scored
# duration, raw duration, intensity, F0, prominence, GOP; nucleus_stress: Whisper log-odds).
CUE_MARGINS = (
    "dur_minus_max",
    "rawdur_minus_max",
    "int_minus_max",
    "f0_minus_max",
    "prom_minus_max",
    "gop_minus_max",
    WH_ST_MINUS_MAX,
    WH_ST_MINUS_UNSTRESSED,
    WH_ST_PRIMARY,
    WH_ST_SHARE,
)
ACCURACY_GATED_SUFFIX = "_x_acc"


def utterance_word_columns(word_accuracy: np.ndarray) -> dict[str, float]:
    """Statistics of every word's predicted accuracy (0–10) in the utterance: mean, minimum,
    share below 7, and the number of words."""
    if word_accuracy.size == 0:
        return {"u_word_mean": NAN, "u_word_min": NAN, "u_word_low": NAN, "u_words": 0.0}
    return {
        "u_word_mean": float(word_accuracy.mean()),
        "u_word_min": float(word_accuracy.min()),
        "u_word_low": float((word_accuracy < LOW_WORD_ACCURACY).mean()),
        "u_words": float(word_accuracy.size),
    }


def stress_with_word(
    stress: dict[str, float], word_accuracy: float, utterance: dict[str, float]
) -> dict[str, float]:
    """A multi-syllable word's stress features plus its predicted accuracy (0–10) and the
    utterance's :func:`utterance_word_columns`."""
    return stress | {"word_accuracy_pred": float(word_accuracy)} | utterance


def accuracy_gated(row: dict[str, float]) -> dict[str, float]:
    """``row`` plus each of its :data:`CUE_MARGINS` times the word's predicted accuracy / 10.

    In a well-said word the experts can only have heard a wrong stress in its prosody; in a
    garbled one their stress mark follows the garbling (see the module note). An additive
    (logistic) model cannot weigh a cue by how well the word was said, so these products let it:
    speaker-disjoint CV, seeds 762–766, AUC and all-word stress PCC higher on every seed
    (docs/evaluation.md, candidate 4). Idempotent; a margin missing from ``row`` is skipped."""
    scale = row["word_accuracy_pred"] / 10.0
    return row | {f"{c}{ACCURACY_GATED_SUFFIX}": row[c] * scale for c in CUE_MARGINS if c in row}


def _value(x: float | None) -> float:
    return NAN if x is None else float(x)


def monosyllable_stress_row(
    word_row: dict[str, float],
    phone_scores: np.ndarray,
    nuclei: list[Nucleus],
    word_accuracy: float,
    utterance: dict[str, float],
) -> dict[str, float]:
    """Inputs of the model for words without a stress contrast (one-syllable words, weak
    forms, words the multi-syllable model cannot score): the word's acoustic summary
    (``word_row`` of features.extract), its predicted phone scores (0–2) and accuracy (0–10),
    the prosody of its most prominent measured nucleus (NaN when none was measured) and the
    utterance's :func:`utterance_word_columns`."""
    measured = [n for n in nuclei if n.duration_s is not None]
    peak = max(measured, key=lambda n: n.prominence) if measured else None
    return {
        "aligned": word_row["aligned"],
        "weak_form": word_row["weak_form"],
        "n_phones": word_row["n_phones"],
        W_GOP_MEAN: word_row[W_GOP_MEAN],
        "w_duration": word_row["w_duration"],
        "word_accuracy_pred": float(word_accuracy),
        "p_mean": float(phone_scores.mean()) if phone_scores.size else NAN,
        "p_min": float(phone_scores.min()) if phone_scores.size else NAN,
        "n_duration_z": _value(peak.duration_z) if peak else NAN,
        "n_z_duration": _value(peak.z_duration) if peak else NAN,
        "n_z_intensity": _value(peak.z_intensity) if peak else NAN,
        "n_z_f0": _value(peak.z_f0) if peak else NAN,
    } | utterance
