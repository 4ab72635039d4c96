"""Stress-model candidates measured on train.py's cached inputs (issue #19, candidate 4):
the same rows, folds and model selection as train.py (stress_cv.py), plus extra per-syllable
columns relative to the word and to the utterance.

    python -m phoneme_diff_training.train --no-write --seed S --dump var/phoneme-diff/cv/dump-S.pkl
    python -m phoneme_diff_training.stress_experiments var/phoneme-diff/cv/dump-*.pkl
"""

from __future__ import annotations

import argparse
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from phoneme_diff_training.corpus_cache import CACHE, expert_stress_shares
from phoneme_diff_training.stress_candidates import relative_columns, vowel_score_columns
from phoneme_diff_training.stress_cv import cross_validate, stress_table
from phoneme_diff_training.train import STRESS_GBM_PARAMS

NAN = float("nan")
# the demo clip (tests/audio/adult-female-stress-error-it-was-a-sufficient-answer.wav): its
# out-of-fold P(stress wrong) is printed, never tuned on
DEMO_UTT, DEMO_WORD = "008130346", "SUFFICIENT"


def relative(item: Any, w: int) -> dict[str, float]:
    return relative_columns(item.specs, item.feats.nuclei, w)


def vowel_scores(
    phone_pred_of: dict[tuple[int, int, int], float], index: dict[int, int]
) -> Callable[[Any, int], dict[str, float]]:
    """vowel_score_columns from the dump's out-of-fold phone scores (``index``: id(item) →
    its utterance index in the dump's keys)."""

    def columns(item: Any, w: int) -> dict[str, float]:
        n = index[id(item)]
        scores = [phone_pred_of[(n, w, j)] for j in range(len(item.specs[w].phones))]
        return vowel_score_columns(item.specs[w], scores)

    return columns


def combine(
    *parts: Callable[[Any, int], dict[str, float]],
) -> Callable[[Any, int], dict[str, float]]:
    def columns(item: Any, w: int) -> dict[str, float]:
        out: dict[str, float] = {}
        for part in parts:
            out |= part(item, w)
        return out

    return columns


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dumps", nargs="+", type=Path)
    args = parser.parse_args()
    with (CACHE / "features.pkl").open("rb") as fh:
        real_items, _ = pickle.load(fh)
    index = {id(it): n for n, it in enumerate(real_items)}
    shares = expert_stress_shares()
    demo = next(
        (
            (n, w)
            for n, it in enumerate(real_items)
            if it.utt == DEMO_UTT
            for w, spec in enumerate(it.specs)
            if spec.text == DEMO_WORD
        ),
        None,
    )
    results: dict[str, list[dict[str, float]]] = {}
    for path in args.dumps:
        with path.open("rb") as fh:
            dump = pickle.load(fh)
        seed = dump["seed"]
        phone_cols = vowel_scores(dump["phone_pred_of"], index)
        candidates: dict[str, Callable[[Any, int], dict[str, float]] | None] = {
            "baseline": None,
            "relative": relative,
            "vowel_scores": phone_cols,
            "relative+vowel_scores": combine(relative, phone_cols),
        }
        for name, extra in candidates.items():
            table = stress_table(real_items, dump["word_pred_of"], shares, extra)
            cv = cross_validate(table, real_items, seed, STRESS_GBM_PARAMS | {"seed": seed})
            m = cv.metrics
            row = {
                "auc": float(m["stress_auc"]),  # type: ignore[arg-type]
                "auc_logistic": float(m["stress_auc_logistic"]),  # type: ignore[arg-type]
                "auc_lgb": float(m["stress_auc_lightgbm"]),  # type: ignore[arg-type]
                "pcc_all": float(m["word_stress_pcc_all_words"]),  # type: ignore[arg-type]
                "pcc_multi": float(m["word_stress_pcc_multisyllabic"]),  # type: ignore[arg-type]
                "threshold": float(m["stress_error"]["threshold_p"]),  # type: ignore[index]
                "demo_p": float(cv.oof[table.keys.index(demo)]) if demo in table.keys else NAN,
            }
            results.setdefault(name, []).append(row)
            print(seed, name, row, flush=True)
    for name, rows in results.items():
        cells = [
            f"{k} {np.mean([r[k] for r in rows]):.4f} ± {np.std([r[k] for r in rows], ddof=1) if len(rows) > 1 else 0:.4f}"
            for k in rows[0]
        ]
        print(f"{name:24s}", "  ".join(cells))


if __name__ == "__main__":
    main()
