"""Fitting the nucleus stress classifier (phoneme_diff_service/nucleus_stress.py).

Rows: the syllable nuclei of every multi-syllable content word (not a weak form, with a primary
stress) of the real training utterances that have encoder frames; target: the lexicon marks the
nucleus as the primary stress (1) or not (0 or 2). The targets come from the pronunciation
lexicon, not from the experts, so out-of-fold logits (fitted on the other speakers' folds) can
feed the stress model's cross-validation without nesting: no expert mark of a test fold reaches
the classifier.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize

from phoneme_diff_service.features import phone_id
from phoneme_diff_service.nucleus_stress import (
    NucleusStressClassifier,
    nucleus_inputs,
    stress_columns,
)
from phoneme_diff_service.pca import project
from phoneme_diff_training.stats import fit_pca

PCA_DIM = 64
L2 = 10.0  # ridge on the weights of the standardised PCA inputs and the vowel one-hot
MAX_ITER = 300
Key = tuple[int, int]  # (utterance index, word index)


@dataclass
class NucleusTable:
    rows: np.ndarray  # index into the pooled phone matrix
    vowels: np.ndarray  # the nucleus's features.phone_id
    target: np.ndarray  # 1 = the lexicon's primary stress
    speakers: np.ndarray
    words: list[Key]
    syllables: list[int]


def nucleus_table(
    real_items: Sequence[Any], row_of: dict[tuple[int, int, int], int], pooled: np.ndarray
) -> NucleusTable:
    """``row_of`` maps (utterance, word, phone) to the row of ``pooled`` (train.phone_table)."""
    rows, vowels, target, speakers, words, syllables = [], [], [], [], [], []
    for n, it in enumerate(real_items):
        for w, spec in enumerate(it.specs):
            if not spec.multisyllabic or spec.weak_form or spec.primary is None:
                continue
            for s, syl in enumerate(spec.syllables):
                r = row_of.get((n, w, syl.nucleus))
                if r is None or not np.isfinite(pooled[r]).all():
                    continue
                rows.append(r)
                vowels.append(int(phone_id(spec.phones[syl.nucleus])))
                target.append(float(s == spec.primary))
                speakers.append(it.speaker)
                words.append((n, w))
                syllables.append(s)
    return NucleusTable(
        np.array(rows, dtype=int),
        np.array(vowels, dtype=int),
        np.array(target),
        np.array(speakers),
        words,
        syllables,
    )


def fit(pooled: np.ndarray, vowels: np.ndarray, target: np.ndarray) -> NucleusStressClassifier:
    """L2-penalised logistic regression (L-BFGS) on PCA(``PCA_DIM``) of ``pooled`` (fitted on
    every 2nd row) plus the vowel one-hot; the bias is not penalised."""
    x = pooled.astype(np.float64)
    mean, components, z_mean, z_scale = fit_pca(x, PCA_DIM, every=2)
    z = project(x, mean, components, z_mean, z_scale)
    inputs = np.column_stack([nucleus_inputs(z, vowels), np.ones(len(x))])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        logits = inputs @ w
        p = 1.0 / (1.0 + np.exp(-logits))
        value = np.sum(np.logaddexp(0.0, logits) - target * logits) + 0.5 * L2 * w[:-1] @ w[:-1]
        grad = inputs.T @ (p - target)
        grad[:-1] += L2 * w[:-1]
        return float(value), grad

    res = minimize(
        loss, np.zeros(inputs.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITER}
    )
    return NucleusStressClassifier(
        mean, components, z_mean, z_scale, res.x[:-1], np.array(res.x[-1])
    )


def fit_table(table: NucleusTable, pooled: np.ndarray, use: np.ndarray) -> NucleusStressClassifier:
    return fit(pooled[table.rows[use]], table.vowels[use], table.target[use])


def out_of_fold_logits(
    table: NucleusTable, pooled: np.ndarray, fold_of: dict[str, int]
) -> dict[Key, list[float]]:
    """Per word, its syllables' log-odds (NaN where a nucleus has no frames), each from a
    classifier fitted on the other folds' speakers (``fold_of``: speaker → fold)."""
    folds = np.array([fold_of[s] for s in table.speakers])
    logit = np.zeros(len(folds))
    for f in np.unique(folds):
        test = folds == f
        model = fit_table(table, pooled, ~test)
        logit[test] = model.logits(pooled[table.rows[test]], table.vowels[test])
    return per_word(table, logit)


def per_word(table: NucleusTable, logit: np.ndarray) -> dict[Key, list[float]]:
    out: dict[Key, list[float]] = {}
    for key, s, v in zip(table.words, table.syllables, logit, strict=True):
        values = out.setdefault(key, [])
        values.extend([float("nan")] * (s + 1 - len(values)))
        values[s] = float(v)
    return out


def stress_extra(
    real_items: Sequence[Any], logits_of: dict[Key, list[float]]
) -> Callable[[Any, int], dict[str, float]]:
    """stress_cv's extra columns: :func:`stress_columns` of each word's syllable log-odds."""
    index = {id(it): n for n, it in enumerate(real_items)}

    def columns(item: Any, w: int) -> dict[str, float]:
        spec = item.specs[w]
        return stress_columns(
            spec.primary,
            logits_of.get((index[id(item)], w), []),
            [syl.stress for syl in spec.syllables],
        )

    return columns
