"""Cross-validation of the monosyllable stress model (stress_inputs.monosyllable_stress_row):
the words the stress model does not score (one-syllable words, weak forms, multi-syllable
words without a stress row), a logistic regression on the share of experts marking the
word's stress wrong. Its L2 penalty and the scale of the score 100 − scale·P are chosen
together by the out-of-fold PCC with the expert stress mark over every real word, the
multi-syllable words keeping the stress model's out-of-fold scores (stress_cv.py). Folds are
grouped by speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from phoneme_diff_service.features import matrix
from phoneme_diff_service.models import LogisticModel
from phoneme_diff_service.stress import monosyllable_stress_score
from phoneme_diff_service.stress_inputs import monosyllable_stress_row
from phoneme_diff_training.stats import fit_logistic, group_folds, logistic_oof, pcc
from phoneme_diff_training.stress_cv import (
    CorpusItem,
    Key,
    all_word_stress_pcc,
    utterance_columns,
)

L2 = (1.0, 10.0, 100.0, 1000.0)
SCALES = (2.0, 5.0, 10.0, 20.0, 40.0)


@dataclass
class MonosyllableCV:
    metrics: dict[str, object]
    names: list[str]
    x: np.ndarray
    share: np.ndarray
    l2: float
    scale: float

    def fit(self) -> LogisticModel:
        return fit_logistic(self.x, self.share, self.names, l2=self.l2)


def cross_validate(
    real_items: Sequence[CorpusItem],
    word_pred_of: dict[Key, float],
    phone_pred_of: dict[tuple[int, int, int], float],
    shares: dict[str, list[float]],
    stress_score_of: dict[Key, float],
    seed: int,
) -> MonosyllableCV:
    """``stress_score_of``: the stress model's out-of-fold 0–100 score of every word it
    scores; every other real word is a row here. Metrics: the all-word stress PCC with this
    model and without it (those words at 100), and this model's own PCC on its words."""
    rows, share, mark, groups, keys = [], [], [], [], []
    for n, it in enumerate(real_items):
        utterance = utterance_columns(word_pred_of, n, len(it.labels.words))
        for w, spec in enumerate(it.specs):
            if (n, w) in stress_score_of:
                continue
            phones = np.array([phone_pred_of[(n, w, j)] for j in range(len(spec.phones))])
            rows.append(
                monosyllable_stress_row(
                    it.feats.word_rows[w],
                    phones,
                    it.feats.nuclei[w],
                    word_pred_of[(n, w)],
                    utterance,
                )
            )
            share.append(shares[it.utt][w])
            mark.append(it.labels.words[w].stress)
            groups.append(it.speaker)
            keys.append((n, w))
    names = sorted(rows[0])
    x, y = matrix(rows, names), np.array(share)
    folds = group_folds(np.array(groups), seed=seed)
    results = {}
    for l2 in L2:
        oof = logistic_oof(x, y, folds, names, l2)
        for scale in SCALES:
            scores = dict(zip(keys, monosyllable_stress_score(oof, scale), strict=True))
            results[(l2, scale)] = (all_word_stress_pcc(real_items, stress_score_of | scores), oof)
    l2, scale = max(results, key=lambda k: results[k][0])
    best, oof = results[(l2, scale)]
    metrics: dict[str, object] = {
        "monosyllable_stress_words": {"n": len(y), "wrong": int((np.array(mark) < 10).sum())},
        "monosyllable_stress_l2": l2,
        "monosyllable_stress_scale": scale,
        "monosyllable_stress_pcc": round(pcc(oof, -np.array(mark)), 4),
        "word_stress_pcc_all_words_without_monosyllable_model": round(
            all_word_stress_pcc(real_items, stress_score_of), 4
        ),
        "word_stress_pcc_all_words": round(best, 4),
    }
    return MonosyllableCV(metrics, names, x, y, l2, scale)
