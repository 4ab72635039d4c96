"""Cross-validation of the stress model (train.py, and experiments on its cached inputs).

Rows: every aligned multi-syllable word with a primary stress that is not a weak form
(features.stress_row plus the word model's out-of-fold accuracy, plus optional extra columns,
plus stress_inputs.accuracy_gated's products);
the label that is scored: the experts' median stress mark is 5 (wrong). Both models are fitted
on the **share of the five experts** who marked the word's stress wrong (a soft label, as the
phone model's cross-entropy target; it holds the 3,000 words one or two experts doubted, which
the median throws away): a logistic regression (log-loss on the share) and LightGBM
(cross-entropy on the share); P(stress wrong) is their mean. Folds are grouped by speaker. The
logistic L2 penalty and γ of the stress score 100·(1 − P^γ) are chosen together by the
out-of-fold PCC of the blend with the expert stress mark over every real word (words without
a stress row score 100).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import lightgbm as lgb
import numpy as np

from phoneme_diff_service.features import matrix
from phoneme_diff_service.stress import stress_score
from phoneme_diff_service.stress_inputs import (
    accuracy_gated,
    stress_with_word,
    utterance_word_columns,
)
from phoneme_diff_training.stats import (
    auc,
    best_f1_threshold,
    group_folds,
    logistic_oof,
    pcc,
)
from phoneme_diff_training.stress_synthesis import SyntheticRows

STRESS_L2 = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
STRESS_GAMMAS = (0.5, 1.0, 1.5, 2.0, 3.0)
STRESS_GBM_ROUNDS = 200
Key = tuple[int, int]  # (utterance index, word index)
ExtraColumns = Callable[[Any, int], dict[str, float]]  # (item, word) → more stress columns


class CorpusItem(Protocol):
    utt: str
    speaker: str
    specs: Any
    feats: Any
    labels: Any


@dataclass
class StressTable:
    rows: list[dict[str, float]]
    y: np.ndarray  # 1 = experts marked the stress wrong (median mark 5)
    share: np.ndarray  # share of the experts who marked it wrong (0–1), the training target
    groups: np.ndarray  # speaker
    keys: list[Key]


@dataclass
class StressCV:
    metrics: dict[str, object]
    names: list[str]
    x: np.ndarray  # the real rows, then any synthetic ones (what the shipped models fit)
    y: np.ndarray  # the real rows' labels
    share: np.ndarray  # the training target of every row of ``x``
    weight: np.ndarray  # the training weight of every row of ``x``
    l2: float
    gamma: float
    oof: np.ndarray  # out-of-fold P(stress wrong) of the blend
    keys: list[Key]  # (utterance, word) of each row


def stress_table(
    real_items: Sequence[CorpusItem],
    word_pred_of: dict[Key, float],
    shares: dict[str, list[float]],
    extra: ExtraColumns | None = None,
    gated: bool = True,
) -> StressTable:
    """``shares``: per utterance id, per word, the share of experts marking the stress wrong
    (corpus_cache.expert_stress_shares). ``gated``: add accuracy_gated's products (shipped)."""
    rows, y, share, groups, keys = [], [], [], [], []
    for n, it in enumerate(real_items):
        utterance = utterance_columns(word_pred_of, n, len(it.labels.words))
        for w, row in it.feats.stress_rows.items():
            if it.specs[w].weak_form:
                continue
            full = stress_with_word(row, word_pred_of[(n, w)], utterance)
            if extra is not None:
                full |= extra(it, w)
            rows.append(accuracy_gated(full) if gated else full)
            y.append(float(it.labels.words[w].stress < 10))
            share.append(shares[it.utt][w])
            groups.append(it.speaker)
            keys.append((n, w))
    return StressTable(rows, np.array(y), np.array(share), np.array(groups), keys)


def utterance_columns(word_pred_of: dict[Key, float], n: int, n_words: int) -> dict[str, float]:
    """utterance_word_columns of utterance ``n`` from the out-of-fold word predictions."""
    return utterance_word_columns(np.array([word_pred_of[(n, w)] for w in range(n_words)]))


def all_word_stress_pcc(
    real_items: Sequence[CorpusItem], score_of: dict[Key, float], default: float = 100.0
) -> float:
    """PCC of the stress scores ``score_of`` with the expert stress mark (5/10) over every
    real word; words missing from ``score_of`` score ``default``."""
    real_keys = [(n, w) for n, it in enumerate(real_items) for w in range(len(it.labels.words))]
    all_true = np.array([real_items[n].labels.words[w].stress for n, w in real_keys])
    return pcc(np.array([score_of.get(k, default) for k in real_keys]), all_true)


def word_stress_pcc(
    table: StressTable, real_items: Sequence[CorpusItem], p_wrong: np.ndarray
) -> tuple[float, dict[float, float]]:
    """(best γ, PCC per γ) of the stress score 100·(1 − P^γ) with the expert stress mark
    (5/10) over every real word; words without a stress row score 100."""
    by_gamma = {}
    for gamma in STRESS_GAMMAS:
        score_of = {k: stress_score(p, gamma) for k, p in zip(table.keys, p_wrong, strict=True)}
        by_gamma[gamma] = all_word_stress_pcc(real_items, score_of)
    return max(by_gamma, key=lambda g: by_gamma[g]), by_gamma


def cross_validate(
    table: StressTable,
    real_items: Sequence[CorpusItem],
    seed: int,
    gbm_params: dict[str, Any],
    synthetic: SyntheticRows | None = None,
    synthetic_weight: float = 1.0,
) -> StressCV:
    """Out-of-fold stress metrics of the blend (and of each model alone): AUC, the F1-best
    threshold, and word stress PCC per γ (all real words, and multi-syllable ones).
    ``gbm_params``: LightGBM parameters with a cross-entropy objective. ``synthetic``
    (stress_synthesis.py) rows join the training side of every fold but their source
    speaker's, at ``synthetic_weight`` (real rows: 1); every metric is on the real rows."""
    metrics: dict[str, object] = {}
    names = sorted(table.rows[0])
    y = table.y
    real_folds = group_folds(table.groups, seed=seed)
    x, share, folds, weight = matrix(table.rows, names), table.share, real_folds, np.ones(len(y))
    if synthetic is not None and synthetic.rows:
        fold_of = dict(zip(table.groups, real_folds, strict=True))
        x = np.vstack([x, matrix(synthetic.rows, names)])
        share = np.concatenate([share, synthetic.share])
        folds = np.concatenate([folds, [fold_of.get(g, -1) for g in synthetic.speakers]])
        weight = np.concatenate([weight, np.full(len(synthetic.rows), synthetic_weight)])
        metrics["stress_synthetic"] = {
            "rows": len(synthetic.rows),
            "wrong": int(synthetic.share.sum()),
            "weight": synthetic_weight,
        }
    real = np.arange(len(share)) < len(y)
    oof_gbm = np.zeros(len(y))
    for f in np.unique(real_folds):
        train = folds != f
        ds = lgb.Dataset(x[train], share[train], weight=weight[train], feature_name=names)
        booster = lgb.train(gbm_params, ds, STRESS_GBM_ROUNDS)
        oof_gbm[real_folds == f] = booster.predict(x[: len(y)][real_folds == f])
    by_l2 = {}
    for l2 in STRESS_L2:
        oof = logistic_oof(x, share, folds, names, l2, weight, real)[real]
        gamma, by_gamma = word_stress_pcc(table, real_items, 0.5 * (oof + oof_gbm))
        by_l2[l2] = (by_gamma[gamma], gamma, by_gamma, oof)
    l2 = max(by_l2, key=lambda k: by_l2[k][0])
    _, gamma, by_gamma, oof_logistic = by_l2[l2]
    blend = 0.5 * (oof_logistic + oof_gbm)
    metrics["stress_label"] = "share of experts marking the stress wrong"
    metrics["stress_pcc_by_l2"] = {str(k): round(v[0], 4) for k, v in by_l2.items()}
    metrics["stress_l2"] = l2
    metrics["stress_auc_logistic"] = round(auc(y, oof_logistic), 4)
    metrics["stress_auc_lightgbm"] = round(auc(y, oof_gbm), 4)
    metrics["stress_auc"] = round(auc(y, blend), 4)
    metrics["stress_words"] = {"n": len(y), "wrong": int(y.sum())}
    t, f1, prec, rec = best_f1_threshold(y, blend)
    metrics["stress_error"] = {
        "threshold_p": round(t, 4),
        "f1": round(f1, 3),
        "precision": round(prec, 3),
        "recall": round(rec, 3),
    }
    metrics["stress_score_gamma"] = gamma
    metrics["word_stress_pcc_all_words_by_gamma"] = {
        str(g): round(v, 4) for g, v in by_gamma.items()
    }
    metrics["word_stress_pcc_all_words"] = round(by_gamma[gamma], 4)
    metrics["word_stress_pcc_multisyllabic"] = round(pcc(stress_score(blend, gamma), 10 - 5 * y), 4)
    return StressCV(metrics, names, x, y, share, weight, l2, gamma, blend, table.keys)
