"""Stress-model candidates measured on train.py's cached inputs (issue #19, candidate 4):
the same rows, folds and model selection as train.py (stress_cv.py), the shipped nucleus
classifier columns (nucleus_stress.stress_columns, from the dump's out-of-fold log-odds) with or
without some of them, plus extra per-syllable columns relative to the word and the utterance;
with or without the cue margins weighed by the word's predicted accuracy
(stress_inputs.accuracy_gated, shipped: every other candidate has them); with
``--synthetic-weights``, synthesised stress errors (Piper pairs, stress_synthesis.py; or with
``--synthetic-kind psola`` the learners' own clips resynthesised, stress_resynthesis.py) as
training rows at those weights, and a detector fitted on them alone as one more column.

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

from phoneme_diff_service.nucleus_stress import WH_ST_MINUS_UNSTRESSED, WH_ST_TOP_SECONDARY
from phoneme_diff_training.corpus_cache import CACHE, expert_stress_shares
from phoneme_diff_training.nucleus_stress import stress_extra
from phoneme_diff_training.stress_candidates import (
    detector_column,
    position_margin_columns,
    reduced_margin_column,
    relative_columns,
    synthetic_detector,
    vowel_score_columns,
)
from phoneme_diff_training.stress_cv import cross_validate, stress_table
from phoneme_diff_training.stress_synthesis import load_rows
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


def from_logits(
    column: Callable[[Any, list[float]], dict[str, float]],
    logits_of: dict[tuple[int, int], list[float]],
    index: dict[int, int],
) -> Callable[[Any, int], dict[str, float]]:
    """Extra columns ``column(spec, syllable log-odds)`` from the dump's nucleus log-odds."""

    def columns(item: Any, w: int) -> dict[str, float]:
        return column(item.specs[w], logits_of.get((index[id(item)], w), []))

    return columns


def without(
    part: Callable[[Any, int], dict[str, float]], names: tuple[str, ...]
) -> Callable[[Any, int], dict[str, float]]:
    def columns(item: Any, w: int) -> dict[str, float]:
        return {k: v for k, v in part(item, w).items() if k not in names}

    return columns


RHYTHM = (WH_ST_MINUS_UNSTRESSED, WH_ST_TOP_SECONDARY)


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
    parser.add_argument("--only", nargs="*", help="candidate names to run (default: all)")
    parser.add_argument(
        "--synthetic-weights",
        nargs="*",
        type=float,
        default=[],
        help="also run the shipped columns with stress_synthesis.py's rows at these weights "
        "(and the detector fitted on them as one more column)",
    )
    parser.add_argument(
        "--synthetic-kind",
        choices=("rows", "psola"),
        default="rows",
        help="which synthetic rows: Piper pairs (stress_synthesis.py, 'rows') or the learners' "
        "own clips resynthesised (stress_resynthesis.py, 'psola')",
    )
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
    # the synthetic rows (and the detector fitted on them)
    synthetic = load_rows(args.synthetic_kind) if args.synthetic_weights else None
    results: dict[str, list[dict[str, float]]] = {}
    for path in args.dumps:
        with path.open("rb") as fh:
            dump = pickle.load(fh)
        seed = dump["seed"]
        phone_cols = vowel_scores(dump["phone_pred_of"], index)
        logits_of = dump["nucleus_logits_of"]
        shipped = stress_extra(real_items, logits_of)
        reduced = from_logits(reduced_margin_column, logits_of, index)
        candidates: dict[str, Callable[[Any, int], dict[str, float]] | None] = {
            "no nucleus columns": None,
            "nucleus, no rhythm-rule": without(shipped, RHYTHM),
            "nucleus (shipped)": shipped,
            "shipped + reduced margin": combine(shipped, reduced),
            "shipped + position margins": combine(
                shipped, from_logits(position_margin_columns, logits_of, index)
            ),
            "shipped + relative": combine(shipped, relative),
            "shipped + vowel_scores": combine(shipped, phone_cols),
        }
        runs = {name: (extra, 0.0, False, True) for name, extra in candidates.items()}
        runs["shipped, no accuracy gating"] = (shipped, 0.0, False, False)
        for weight in args.synthetic_weights:
            runs[f"shipped + synthetic at {weight:g}"] = (shipped, weight, False, True)
        if synthetic is not None:
            runs["shipped + synthetic detector"] = (shipped, 0.0, True, True)
        if args.only:
            runs = {k: v for k, v in runs.items() if k in args.only}
        for name, (extra, weight, with_detector, gated) in runs.items():
            table = stress_table(real_items, dump["word_pred_of"], shares, extra, gated)
            if with_detector and synthetic is not None:
                names, detector = synthetic_detector(synthetic.rows, synthetic.share)
                for r in table.rows:
                    r |= detector_column(names, detector, r)
            params = STRESS_GBM_PARAMS | {"seed": seed}
            rows = synthetic if weight > 0 else None
            cv = cross_validate(table, real_items, seed, params, rows, weight)
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
        print(f"{name:28s}", "  ".join(cells))


if __name__ == "__main__":
    main()
