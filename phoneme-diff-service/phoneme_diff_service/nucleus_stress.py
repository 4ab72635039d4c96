"""Which syllable the learner stressed, read from the Whisper encoder (issue #19).

A logistic regression on a syllable nucleus's mean-pooled Whisper base encoder vector (the
same pooled vectors as the phone classifier, whisper_features.py: PCA to 64 dims, standardised)
and its vowel identity (one-hot over ``PHONE_IDS``) gives the log-odds that the nucleus carries
the word's primary lexical stress. It is fitted on the nuclei of every multi-syllable content
word of the speechocean762 training split with the lexicon's stress digits as targets (1 against
0 and 2; ``phoneme_diff_training/nucleus_stress.py``), so no expert mark is used: it learns what
a stressed vowel sounds like in the encoder, which carries duration, loudness, pitch and vowel
quality together (the acoustic correlates of English stress, Fry 1955, 1958; vowel reduction in
unstressed syllables). The stress model then reads how far the expected primary's log-odds stand
above the word's other syllables (:func:`stress_columns`), and above its unstressed ones alone:
a secondary stress before the primary may sound the strongest without an error, as the rhythm
rule moves stress back (JAPANESE, FOURTEEN; Liberman & Prince 1977), while a strong unstressed
syllable (SUFficient) is a misplaced stress.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from phoneme_diff_service.expected import WordSpec
from phoneme_diff_service.features import PHONE_IDS
from phoneme_diff_service.npz import load_arrays, save_arrays
from phoneme_diff_service.pca import project

WH_ST_PRIMARY = "wh_st_primary"  # log-odds that the expected primary nucleus is stressed
WH_ST_MINUS_MAX = "wh_st_minus_max"  # that minus the highest of the other syllables
WH_ST_ARGMAX = "wh_st_argmax"  # 1 when the expected primary has the highest log-odds
WH_ST_SHARE = "wh_st_share"  # softmax share of the expected primary among the syllables
WH_ST_MINUS_UNSTRESSED = "wh_st_minus_max_unstressed"  # that minus the highest stress-0 one
WH_ST_TOP_SECONDARY = "wh_st_top_secondary"  # 1 when the highest other syllable has stress 2
STRESS_COLUMNS = (
    WH_ST_PRIMARY,
    WH_ST_MINUS_MAX,
    WH_ST_ARGMAX,
    WH_ST_SHARE,
    WH_ST_MINUS_UNSTRESSED,
    WH_ST_TOP_SECONDARY,
)
N_VOWEL_CLASSES = len(PHONE_IDS) + 1  # features.phone_id: the 39 phones and EDGE_ID ("other")


@dataclass(frozen=True)
class NucleusStressClassifier:
    """logit = [((x − mean) · components − z_mean) / z_scale, onehot(vowel)] · weights + bias."""

    mean: np.ndarray  # (512,)
    components: np.ndarray  # (512, k)
    z_mean: np.ndarray  # (k,)
    z_scale: np.ndarray  # (k,)
    weights: np.ndarray  # (k + N_VOWEL_CLASSES,)
    bias: np.ndarray  # () scalar

    def logits(self, pooled: np.ndarray, vowels: np.ndarray) -> np.ndarray:
        """(n, 512) pooled vectors and (n,) vowel ids (features.phone_id) → (n,) log-odds of
        primary stress; NaN where the pooled row is NaN (no frames)."""
        if len(pooled) == 0:
            return np.zeros(0)
        z = project(pooled, self.mean, self.components, self.z_mean, self.z_scale)
        return nucleus_inputs(z, vowels) @ self.weights + float(self.bias)

    def save(self, path: Path) -> None:
        save_arrays(self, path)

    @classmethod
    def load(cls, path: Path) -> NucleusStressClassifier:
        """Raises FileNotFoundError for a missing file, KeyError for a missing array."""
        return load_arrays(cls, path)


def nucleus_inputs(z: np.ndarray, vowels: np.ndarray) -> np.ndarray:
    """The classifier's input rows: (n, k) standardised projections and (n,) vowel ids →
    (n, k + N_VOWEL_CLASSES), the vowel one-hot after the projection."""
    return np.hstack([z, np.eye(N_VOWEL_CLASSES)[vowels.astype(int)]])


def nucleus_rows(words: list[WordSpec]) -> list[tuple[int, int, int]]:
    """(word, syllable, utterance phone row) of every syllable nucleus of every word, rows in
    :func:`~phoneme_diff_service.features.aligned_phone_list` order."""
    out, start = [], 0
    for w, spec in enumerate(words):
        out += [(w, s, start + syl.nucleus) for s, syl in enumerate(spec.syllables)]
        start += len(spec.phones)
    return out


def word_logits(
    classifier: NucleusStressClassifier,
    words: list[WordSpec],
    pooled: np.ndarray,
    phone_ids: np.ndarray,
) -> dict[int, list[float]]:
    """Per word, the log-odds of each syllable (NaN for a nucleus without frames); ``pooled``
    and ``phone_ids`` (features.expected_phone_ids) in utterance phone order."""
    nuclei = nucleus_rows(words)
    rows = [r for _, _, r in nuclei]
    values = classifier.logits(pooled[rows], phone_ids[rows])
    out: dict[int, list[float]] = {w: [] for w in range(len(words))}
    for (w, _, _), v in zip(nuclei, values, strict=True):
        out[w].append(float(v))
    return out


def stress_columns(primary: int, logits: list[float], stresses: Sequence[int]) -> dict[str, float]:
    """The stress-model columns of one word from its syllables' log-odds and lexical stress
    digits (0/1/2, one per syllable; a syllable beyond ``stresses`` counts as 0). NaN when the
    expected primary has no log-odds; the unstressed margin is NaN when no other syllable with
    stress 0 has one, the secondary flag when no other syllable has one."""
    if primary >= len(logits) or not math.isfinite(logits[primary]):
        return dict.fromkeys(STRESS_COLUMNS, math.nan)
    own = logits[primary]
    others = {i: v for i, v in enumerate(logits) if i != primary and math.isfinite(v)}
    top = max(others.values()) if others else math.nan
    unstressed = [v for i, v in others.items() if _stress(stresses, i) == 0]
    strongest = max(others, key=lambda i: others[i]) if others else None
    finite = np.array([v for v in logits if math.isfinite(v)])
    share = float(np.exp(own - finite.max()) / np.exp(finite - finite.max()).sum())
    return {
        WH_ST_PRIMARY: own,
        WH_ST_MINUS_MAX: own - top,
        WH_ST_ARGMAX: float(not others or own >= top),
        WH_ST_SHARE: share,
        WH_ST_MINUS_UNSTRESSED: own - max(unstressed) if unstressed else math.nan,
        WH_ST_TOP_SECONDARY: (
            math.nan if strongest is None else float(_stress(stresses, strongest) == 2)
        ),
    }


def _stress(stresses: Sequence[int], syllable: int) -> int:
    return stresses[syllable] if syllable < len(stresses) else 0
