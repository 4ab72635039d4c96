"""Lexical stress verdicts per word.

Evidence per syllable nucleus: duration (also as a z-score against the vowel's intrinsic
duration), mean intensity (dB), median F0 (Hz), each z-scored within the utterance; their mean
is the syllable's prominence, and the most prominent syllable is the detected primary.
Duration, intensity and F0 are the classic acoustic correlates of English lexical stress
(Fry 1955, 1958). The error probability comes from the logistic model of ``models.py``
fitted on expert stress marks; a word is a stress error when it reaches the threshold chosen in
cross-validation, and its score is 100·(1 − P^γ) (:func:`stress_score`). One-syllable words
and weak forms of function words are never stress errors (``applicable`` false); their score is
100 − scale·P of a separate model (:func:`monosyllable_stress_score`, stress_inputs.py), since
experts do mark a function word read with a full, stressed vowel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from phoneme_diff_service.expected import WordSpec
from phoneme_diff_service.features import Nucleus
from voicemesh.contracts.phoneme_diff import StressVerdict, SyllableProminence


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


def syllable_prominences(spec: WordSpec, nuclei: list[Nucleus]) -> list[SyllableProminence]:
    return [
        SyllableProminence(
            phones=list(syl.phones),
            expected_stress=syl.stress,  # type: ignore[arg-type]
            nucleus=spec.phones[syl.nucleus],
            duration_s=_r(n.duration_s),
            duration_z=_r(n.duration_z),
            intensity_db=_r(n.intensity_db, 2),
            f0_hz=_r(n.f0_hz, 1),
            prominence=round(n.prominence, 3),
        )
        for syl, n in zip(spec.syllables, nuclei, strict=True)
    ]


def stress_applicable(spec: WordSpec, aligned: bool) -> bool:
    return aligned and spec.multisyllabic and not spec.weak_form and spec.primary is not None


def detected_primary(nuclei: list[Nucleus]) -> int | None:
    """Index of the most prominent measured syllable (None when nothing was measured)."""
    measured = [(n.prominence, i) for i, n in enumerate(nuclei) if n.duration_s is not None]
    return max(measured)[1] if measured else None


def stress_score(p: Any, gamma: float = 1.0) -> Any:
    """0–100 stress score from P(stress wrong): 100·(1 − P^γ); γ (from cross-validation,
    manifest.json) maps the probabilities onto the experts' 5/10 scale.
    Works on floats and numpy arrays."""
    return 100.0 * (1.0 - p**gamma)


def monosyllable_stress_score(p: Any, scale: float) -> Any:
    """0–100 stress score of a word without a stress contrast from the monosyllable model's
    P(stress wrong): 100 − scale·P, ``scale`` from cross-validation (manifest.json). These
    P are small (experts mark 54 of 13,361 such words in the train split), so the score
    stays near 100; it is never an error. Works on floats and numpy arrays."""
    return np.clip(100.0 - scale * p, 0.0, 100.0)


def stress_verdict(
    spec: WordSpec,
    nuclei: list[Nucleus],
    *,
    aligned: bool,
    error_probability: float | None,
    threshold: float,
    gamma: float = 1.0,
    monosyllable_probability: float | None = None,
    monosyllable_scale: float = 0.0,
) -> StressVerdict:
    """The verdict of one word. ``error_probability``: the stress model's P(stress wrong),
    used when stress is applicable; otherwise ``monosyllable_probability`` (the model for
    one-syllable words and weak forms) sets the score and the reported probability, and the
    word is never a stress error."""
    applicable = stress_applicable(spec, aligned) and error_probability is not None
    if applicable and error_probability is not None:
        p = float(error_probability)
        score = float(stress_score(p, gamma))
    else:
        p = float(monosyllable_probability or 0.0)
        score = float(monosyllable_stress_score(p, monosyllable_scale))
    return StressVerdict(
        applicable=applicable,
        expected_primary=spec.primary,
        detected_primary=detected_primary(nuclei) if aligned else None,
        error_probability=round(p, 4),
        is_error=applicable and p >= threshold,
        score=round(score, 1),
        syllables=syllable_prominences(spec, nuclei),
    )
