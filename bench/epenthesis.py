"""Epenthetic-vowel detection on speechocean762's train split: candidates, then thresholds
chosen by speaker-disjoint cross-validation, precision and recall against the experts.

Reads ``../shared/data/speechocean762-train`` (``SO762_DIR``; CC BY 4.0, Zhang et al.,
Interspeech 2021). For every word that ends in a consonant and that the forced alignment
placed, the alignment-service's own epenthesis pass
(:func:`alignment_service.services.epenthesis.find_insertions`) runs at each penalty in
``--penalties`` with no duration or GOP floor, and records the candidate vowel's frames and
GOP. A word is **marked** when at least ``--min-experts`` of the five experts wrote an
inserted vowel (``[AX0]``, ``[IH0]``, ...) after its last phone.

Cross-validation: 5 folds by speaker (``phoneme_diff_training.stats.group_folds``, as the
models' CV: no speaker on both sides, folds balanced by size), repeated over 5 seeds; on the
training folds the (penalty, min frames, min GOP) with the best F1 is chosen, then applied to
the held-out fold. Prints precision, recall and F1 (mean ± sd over seeds), the thresholds
chosen on all data (what the service ships), and their precision on the whole split.

    uv run python -m bench.epenthesis --workers 2 --cache var/epenthesis.jsonl
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from alignment_service.services.epenthesis import (
    EpenthesisRules,
    epenthetic_phones,
    find_insertions,
)
from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
from alignment_service.services.pronunciations import plan_words
from alignment_service.settings import AlignmentSettings
from phoneme_diff_training.stats import group_folds
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import TARGET_SR, Audio
from voicemesh.contracts.alignment import AlignmentWordIn
from voicemesh_speech.phones import is_vowel

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SO762_DIR", ROOT.parent / "shared" / "data" / "speechocean762-train"))
FINAL_INSERTION = re.compile(r"\[\s*([A-Z]+)\d?\s*\]\s*$")
"""An expert's phone string ending in an inserted phone, e.g. ``B EH1 D [ AX0 ]``."""
OLD_SET_VOWELS = frozenset({"AX", "AXR", "IX"})
"""Vowels of the corpus' older 50-phone set that CMUdict's 39 lack (AX = AH0, AXR = ER0)."""
FRAMES = (3, 4, 5, 6, 8, 10, 12)
GOPS = (-math.inf, -4.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0)

_engine: PocketSphinxEngine | None = None
_penalties: tuple[float, ...] = ()


def final_vowel_marks(expert_phones: list[str]) -> int:
    """How many experts wrote an inserted vowel after the word's last phone."""
    count = 0
    for text in expert_phones:
        found = FINAL_INSERTION.search(text)
        if found:
            phone = found.group(1)
            count += phone in OLD_SET_VOWELS or (phone.isalpha() and _vowel(phone))
    return count


def _vowel(phone: str) -> bool:
    try:
        return is_vowel(phone)
    except ValueError:  # a phone of the old set that is not a vowel (e.g. TS)
        return False


def _init(penalties: tuple[float, ...]) -> None:
    global _engine, _penalties
    settings = AlignmentSettings(threads=1, epenthesis=False)
    _engine = PocketSphinxEngine(settings, ArtifactStore(settings.artifact_dir))
    _engine.load()
    _penalties = penalties


def candidates(item: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per consonant-final placed word: its marks and, per penalty, the candidate
    vowel (frames, GOP) or None."""
    utt, entry = item
    engine = _engine
    assert engine is not None
    samples, rate = sf.read(str(CORPUS / "audio" / f"{utt}.flac"), dtype="float32")
    audio = Audio(samples, rate).resampled(TARGET_SR)
    words = [AlignmentWordIn(text=w["text"], phones=w["phones"]) for w in entry["words"]]
    plans = plan_words(words, {}, 0)
    pcm = audio.pcm16()
    with engine._lock:  # the engine's own passes, as PocketSphinxEngine.align runs them
        decoders = engine._ready_decoders()
        spans, _notes, loop, wide = engine._align_words(decoders, audio, pcm, plans)
        placed = [plans[i] for i in sorted(spans)]
        found = {
            penalty: find_insertions(
                decoders,
                pcm,
                placed,
                spans,
                loop,
                wide=wide,
                rules=EpenthesisRules(penalty, 0, -math.inf),
                duration_s=audio.duration_s,
            )
            if placed
            else {}
            for penalty in _penalties
        }
    rows = []
    for plan in placed:
        if epenthetic_phones(plan) is None:  # ends in a vowel
            continue
        word = entry["words"][plan.index]
        rows.append(
            {
                "utt": utt,
                "speaker": str(entry["speaker"]),
                "word": plan.index,
                "marks": final_vowel_marks(word["experts"]["phones"]),
                "found": {
                    str(p): [f[plan.index].frames, f[plan.index].gop] if plan.index in f else None
                    for p, f in found.items()
                },
            }
        )
    return rows


def collect(workers: int, penalties: tuple[float, ...], limit: int | None) -> Iterator[dict]:
    scores = json.loads((CORPUS / "scores.json").read_text())
    items = sorted(scores.items())[:limit]
    with Pool(workers, initializer=_init, initargs=(penalties,)) as pool:
        for rows in pool.imap(candidates, items, chunksize=4):
            yield from rows


def predict(rows: list[dict], penalty: str, frames: int, min_gop: float) -> np.ndarray:
    out = []
    for r in rows:
        c = r["found"].get(penalty)
        out.append(c is not None and c[0] >= frames and c[1] >= min_gop)
    return np.array(out, dtype=bool)


def prf(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(pred & truth))
    precision = tp / pred.sum() if pred.sum() else 0.0
    recall = tp / truth.sum() if truth.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_rules(
    rows: list[dict], truth: np.ndarray, penalties: list[str], min_share: float | None
) -> tuple[str, int, float]:
    """The rule with the best F1, or with ``min_share`` the most precise rule that reports on
    at least that share of the words."""
    grid = [(p, f, g) for p in penalties for f in FRAMES for g in GOPS]

    def key(rule: tuple[str, int, float]) -> tuple[float, float]:
        pred = predict(rows, *rule)
        precision, _recall, f1 = prf(pred, truth)
        if min_share is None:
            return (f1, 0.0)
        return (precision if pred.mean() >= min_share else -1.0, pred.mean())

    return max(grid, key=key)


def cross_validate(
    rows: list[dict], truth: np.ndarray, seeds: range, min_share: float | None
) -> dict[str, list[float]]:
    penalties = sorted(rows[0]["found"], key=float)
    speakers = np.array([r["speaker"] for r in rows])
    out: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    for seed in seeds:
        folds = group_folds(speakers, seed=seed)
        pred = np.zeros(len(rows), dtype=bool)
        for k in range(5):
            train = [r for r, f in zip(rows, folds, strict=True) if f != k]
            rule = best_rules(train, truth[folds != k], penalties, min_share)
            test = [r for r, f in zip(rows, folds, strict=True) if f == k]
            pred[folds == k] = predict(test, *rule)
        for name, value in zip(("precision", "recall", "f1"), prf(pred, truth), strict=True):
            out[name].append(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--penalties", default="16,40,64", help="nats, comma-separated")
    parser.add_argument("--min-experts", type=int, default=2)
    parser.add_argument(
        "--min-share",
        type=float,
        default=None,
        help="choose the most precise rule reporting on at least this share of the words "
        "(default: the rule with the best F1)",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N utterances only")
    parser.add_argument("--cache", type=Path, default=None, help="JSON lines of candidates")
    args = parser.parse_args()
    penalties = tuple(float(p) for p in args.penalties.split(","))
    if args.cache is not None and args.cache.is_file():
        rows = [json.loads(line) for line in args.cache.read_text().splitlines()]
    else:
        rows = list(collect(args.workers, penalties, args.limit))
        if args.cache is not None:
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            args.cache.write_text("".join(json.dumps(r) + "\n" for r in rows))
    truth = np.array([r["marks"] >= args.min_experts for r in rows])
    print(
        f"{len(rows)} consonant-final words; {int(truth.sum())} marked by ≥ {args.min_experts} "
        f"experts ({100 * truth.mean():.1f} %)"
    )
    cv = cross_validate(rows, truth, range(762, 767), args.min_share)  # the models' CV seeds
    for name, values in cv.items():
        print(f"CV {name}: {statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}")
    rule = best_rules(rows, truth, sorted(rows[0]["found"], key=float), args.min_share)
    pred = predict(rows, *rule)
    p, r, f = prf(pred, truth)
    any_mark = np.array([row["marks"] >= 1 for row in rows])
    print(f"thresholds on all data: penalty {rule[0]} nats, ≥ {rule[1]} frames, GOP ≥ {rule[2]}")
    print(f"  reported {int(pred.sum())} insertions: precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}")
    print(f"  precision against ≥ 1 expert: {prf(pred, any_mark)[0]:.3f}")


if __name__ == "__main__":
    main()
