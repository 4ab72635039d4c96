"""Fitting the phone-quality probe (phoneme_diff_service/phone_quality.py) and its nested
out-of-fold estimates for train.py (same nesting as phone_classifier.nested_log_probs: a test
fold's estimates from a probe fitted on the other folds; fold f's phone-model training rows get
theirs from probes fitted on neither f nor the row's own fold)."""

from __future__ import annotations

import numpy as np

from phoneme_diff_service.pca import project
from phoneme_diff_service.phone_quality import PhoneQualityProbe
from phoneme_diff_training.phone_classifier import N_CLASSES
from phoneme_diff_training.stats import fit_pca

PCA_DIM = 128
RIDGE = 300.0  # penalty on the standardised PCA weights (intercept free); chosen on seed 762's CV
MIN_ROWS = 30  # a phone class with fewer training rows gets no probe (NaN)


def fit(pooled: np.ndarray, phone_ids: np.ndarray, y: np.ndarray) -> PhoneQualityProbe:
    """Ridge per phone class on PCA(``PCA_DIM``) of ``pooled`` (fitted on every 4th row),
    standardised; ``pooled`` (n, 512) finite, ``phone_ids`` (n,) in 0–38, ``y`` (n,) 0–2."""
    x = pooled.astype(np.float64)
    mean, components, z_mean, z_scale = fit_pca(x, PCA_DIM, every=4)
    z = np.column_stack([project(x, mean, components, z_mean, z_scale), np.ones(len(x))])
    penalty = RIDGE * np.diag(np.r_[np.ones(PCA_DIM), 0.0])
    weights = np.full((N_CLASSES, PCA_DIM + 1), np.nan)
    for c in range(N_CLASSES):
        sel = phone_ids == c
        if sel.sum() >= MIN_ROWS:
            weights[c] = np.linalg.solve(z[sel].T @ z[sel] + penalty, z[sel].T @ y[sel])
    return PhoneQualityProbe(mean, components, z_mean, z_scale, weights)


def fit_rows(
    pooled: np.ndarray, phone_ids: np.ndarray, y: np.ndarray, rows: np.ndarray
) -> PhoneQualityProbe:
    """Fit on the selected rows (bool mask) that have frames and a phone among the 39."""
    use = rows & np.isfinite(pooled).all(axis=1) & (phone_ids < N_CLASSES)
    return fit(pooled[use], phone_ids[use].astype(int), y[use])


def nested_estimates(
    pooled: np.ndarray, phone_ids: np.ndarray, y: np.ndarray, folds: np.ndarray, fit_on: np.ndarray
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """(outer, inner) out-of-fold estimates (n,), as phone_classifier.nested_log_probs;
    probes are fitted on the rows of ``fit_on`` only (train.py: every row, the augmented
    copies' replaced words included)."""
    ids = np.where(np.isfinite(phone_ids), phone_ids, N_CLASSES).astype(int)
    n = len(ids)
    outer = np.full(n, np.nan)
    inner: dict[int, np.ndarray] = {}
    for f in np.unique(folds):
        test = folds == f
        outer[test] = fit_rows(pooled, ids, y, ~test & fit_on).predict(pooled[test], ids[test])
        inner[int(f)] = np.full(n, np.nan)
        for g in np.unique(folds):
            if g == f:
                continue
            part = folds == g
            probe = fit_rows(pooled, ids, y, ~test & ~part & fit_on)
            inner[int(f)][part] = probe.predict(pooled[part], ids[part])
    return outer, inner
