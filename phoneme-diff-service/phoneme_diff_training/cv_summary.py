"""Mean and spread over seeds of the cross-validation metrics that ``train.py --metrics-out``
writes, one JSON file per seed.

    python -m phoneme_diff_training.cv_summary var/phoneme-diff/cv/seed-*.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

# (label, path into the metrics JSON) of the figures issue #19 asks for
HEADLINE = (
    ("phone PCC", ("phone_pcc",)),
    ("phone PCC, evidence pair", ("phone_pcc_evidence",)),
    ("word accuracy PCC", ("word_accuracy_pcc",)),
    ("word stress PCC (all words)", ("word_stress_pcc_all_words",)),
    ("word stress PCC (multi-syllable)", ("word_stress_pcc_multisyllabic",)),
    ("stress-error AUC (multi-syllable)", ("stress_auc",)),
    ("mispronounced-phone F1 (expert < 1.5)", ("phone_mispronounced", "f1")),
    ("phone error F1 (expert <= 1.0)", ("phone_error", "f1")),
    ("word error F1 (accuracy < 7)", ("word_error", "f1")),
    ("replaced words below 70 (share)", ("replaced_word_accuracy_0_100", "share_below_70")),
)


def _get(metrics: dict[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = metrics
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value)


def summary(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per headline metric: mean, sample standard deviation (ddof 1), min and max over runs."""
    out = {}
    for label, path in HEADLINE:
        values = np.array([v for r in runs if (v := _get(r, path)) is not None])
        if values.size:
            out[label] = {
                "mean": round(float(values.mean()), 4),
                "sd": round(float(values.std(ddof=1)) if values.size > 1 else 0.0, 4),
                "min": round(float(values.min()), 4),
                "max": round(float(values.max()), 4),
                "n": int(values.size),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    runs = [json.loads(f.read_text()) for f in args.files]
    print(f"seeds: {[r.get('seed') for r in runs]}")
    for label, s in summary(runs).items():
        print(f"{label:40s} {s['mean']:.3f} ± {s['sd']:.3f}  [{s['min']:.3f}, {s['max']:.3f}]")


if __name__ == "__main__":
    main()
