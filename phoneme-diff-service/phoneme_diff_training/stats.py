"""Small statistics helpers for training (numpy/scipy only): speaker-grouped folds, PCC, AUC,
an L2-regularised logistic regression and an F1-optimal threshold."""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.stats import rankdata

from phoneme_diff_service.models import LogisticModel


def group_folds(groups: np.ndarray, k: int = 5, seed: int = 762) -> np.ndarray:
    """Fold id per row; all rows of a group (speaker) share a fold; folds balanced by size
    (largest groups first, each to the currently smallest fold; ties broken by a seeded order)."""
    uniq, counts = np.unique(groups, return_counts=True)
    rng = np.random.default_rng(seed)
    order = np.lexsort((rng.random(len(uniq)), -counts))
    sizes = np.zeros(k)
    fold_of: dict[object, int] = {}
    for i in order:
        f = int(np.argmin(sizes))
        fold_of[uniq[i]] = f
        sizes[f] += counts[i]
    return np.array([fold_of[g] for g in groups])


def fit_pca(
    x: np.ndarray, dim: int, every: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(mean, components (d, dim), z_mean, z_scale) of a PCA fitted on every ``every``-th row
    of ``x`` (n, d), and the mean and SD of all rows' projections (for standardising)."""
    mean = x.mean(axis=0)
    _, _, vt = np.linalg.svd(x[::every] - mean, full_matrices=False)
    components = vt[:dim].T
    projected = (x - mean) @ components
    return mean, components, projected.mean(axis=0), projected.std(axis=0) + 1e-6


def pcc(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann–Whitney U with tied ranks)."""
    y = y.astype(bool)
    ranks = rankdata(score)
    n1, n0 = y.sum(), (~y).sum()
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    names: list[str],
    l2: float = 1.0,
    weight: np.ndarray | None = None,
) -> LogisticModel:
    """Standardise (NaN → mean), then minimise the (row-``weight``ed) log-loss + l2/2·‖w‖²
    with L-BFGS."""
    weight = np.ones(len(y)) if weight is None else weight
    mean = np.nanmean(x, axis=0)
    scale = np.nanstd(x, axis=0)
    mean = np.where(np.isfinite(mean), mean, 0.0)
    scale = np.where(np.isfinite(scale) & (scale > 1e-9), scale, 1.0)
    z = (x - mean) / scale
    z = np.where(np.isfinite(z), z, 0.0)

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:-1], params[-1]
        logits = z @ w + b
        p = 1 / (1 + np.exp(-logits))
        nll = np.sum(weight * (np.logaddexp(0, logits) - y * logits))
        grad_logit = weight * (p - y)
        grad = np.concatenate([z.T @ grad_logit + l2 * w, [grad_logit.sum()]])
        return float(nll + 0.5 * l2 * w @ w), grad

    res = minimize(loss, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B")
    return LogisticModel(names, mean, scale, res.x[:-1], float(res.x[-1]))


def logistic_oof(
    x: np.ndarray,
    y: np.ndarray,
    folds: np.ndarray,
    names: list[str],
    l2: float,
    weight: np.ndarray | None = None,
    scored: np.ndarray | None = None,
) -> np.ndarray:
    """Out-of-fold P(y=1) of :func:`fit_logistic`: each fold predicted by a model fitted on
    the other folds. With ``scored`` (bool per row) only those rows are predicted (0 for the
    others) and the rest only ever train: a fold's model trains on every row of another fold."""
    scored = np.ones(len(y), dtype=bool) if scored is None else scored
    oof = np.zeros(len(y))
    for f in np.unique(folds[scored]):
        train, test = folds != f, (folds == f) & scored
        w = None if weight is None else weight[train]
        oof[test] = fit_logistic(x[train], y[train], names, l2=l2, weight=w).predict_proba(x[test])
    return oof


def best_f1_threshold(y: np.ndarray, score: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, F1, precision, recall) for predicting y=1 when score ≥ threshold."""
    best = (0.0, 0.0, 0.0, 0.0)
    for t in np.unique(np.quantile(score, np.linspace(0.5, 0.995, 200))):
        pred = score >= t
        tp = float((pred & (y == 1)).sum())
        if tp == 0:
            continue
        precision, recall = tp / pred.sum(), tp / (y == 1).sum()
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best[1]:
            best = (float(t), f1, precision, recall)
    return best
