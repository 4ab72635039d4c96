"""Training side of the Whisper phone evidence (phoneme_diff_service/whisper_features.py):
pooled encoder vectors of the corpus phones (cached) and the PCA + softmax phone classifier.

The classifier recognises the canonical phone from its mean-pooled Whisper base encoder
vector; its log posteriors become phone-model features (features.whisper_columns). Inside the
cross-validation it is fitted per fold (nested, see train.py) so no phone-model training row
gets a posterior from a classifier that saw it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from scipy.optimize import minimize

from phoneme_diff_service.expected import WordSpec
from phoneme_diff_service.features import PHONE_IDS, aligned_phone_list
from phoneme_diff_service.pca import project
from phoneme_diff_service.settings import PhonemeDiffSettings
from phoneme_diff_service.whisper_features import (
    ENCODER_DIM,
    PhoneClassifier,
    WhisperEncoder,
    pool_phones,
)
from phoneme_diff_training.corpus_cache import CACHE, load_audio
from phoneme_diff_training.stats import fit_pca
from voicemesh.contracts.alignment import AlignmentResponse

PCA_DIM = 128  # cross-validated in the issue #6 experiment (var/pd_exp/weval2.py)
L2 = 10.0  # ridge penalty on the softmax weights (standardised PCA inputs)
MAX_ITER = 150  # L-BFGS iterations
N_CLASSES = len(PHONE_IDS)  # 39 ARPAbet phones without stress
POOLED_CACHE = CACHE / "whisper_phone.npy"


class _Utterance(Protocol):
    utt: str
    specs: list[WordSpec]

    @property
    def audio_utt(self) -> str: ...

    def alignment(self) -> AlignmentResponse: ...


def pooled_vectors(
    items: Sequence[_Utterance], n_rows: int, cache: Path = POOLED_CACHE
) -> np.ndarray:
    """Mean-pooled encoder vector per corpus phone, float32 (n_rows, 512), rows in
    ``train.phone_table`` order (utterance, word, phone); NaN rows for unaligned phones.
    Cached in ``cache`` (default ``var/phoneme-diff/whisper_phone.npy``; rebuilt when the row
    count differs; delete it after changing the encoder or the pooling)."""
    if cache.is_file():
        cached = np.load(cache)
        if cached.shape == (n_rows, ENCODER_DIM):
            return cached
    encoder = WhisperEncoder.bundled(PhonemeDiffSettings().model_cache, threads=1)
    parts = []
    started = time.process_time()
    for i, it in enumerate(items):
        parts.append(utterance_pooled(encoder, it, cache.parent / f"{cache.stem}_utt"))
        if i % 300 == 0:
            print(f"whisper {i}/{len(items)} {time.process_time() - started:.0f} CPU-s", flush=True)
    pooled = np.concatenate(parts)
    if len(pooled) != n_rows:
        raise ValueError(f"{len(pooled)} pooled phones for {n_rows} phone rows")
    np.save(cache, pooled)
    return pooled


def utterance_pooled(encoder: WhisperEncoder, it: _Utterance, folder: Path) -> np.ndarray:
    """One utterance's pooled vectors (n_phones, 512), cached per utterance in ``folder`` (so
    pooling can run while the corpus is still being aligned, see prefetch.py)."""
    path = folder / f"{it.utt}.npy"
    if path.is_file():
        return np.load(path)
    phones = aligned_phone_list(it.specs, it.alignment())
    pooled = pool_phones(encoder.encode(load_audio(it.audio_utt)), phones)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, pooled)
    tmp.replace(path)
    return pooled


def fit(x: np.ndarray, labels: np.ndarray) -> PhoneClassifier:
    """Softmax regression on the top ``PCA_DIM`` principal components (fitted on every 4th
    row), standardised; ``x`` (n, 512) finite, ``labels`` (n,) phone ids 0–38. Minimises
    cross-entropy + L2/2·‖W‖² (bias unpenalised) with L-BFGS."""
    mean, components, z_mean, z_scale = fit_pca(x, PCA_DIM, every=4)
    z = np.column_stack([project(x, mean, components, z_mean, z_scale), np.ones(len(x))])
    target = np.eye(N_CLASSES)[labels]
    penalty = np.ones((z.shape[1], 1))
    penalty[-1] = 0.0

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = flat.reshape(z.shape[1], N_CLASSES)
        a = z @ w
        a -= a.max(axis=1, keepdims=True)
        logp = a - np.log(np.exp(a).sum(axis=1, keepdims=True))
        grad = z.T @ (np.exp(logp) - target) + L2 * penalty * w
        value = -(target * logp).sum() + 0.5 * L2 * ((penalty * w) ** 2).sum()
        return float(value), grad.ravel()

    res = minimize(
        loss,
        np.zeros(z.shape[1] * N_CLASSES),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": MAX_ITER},
    )
    w = res.x.reshape(z.shape[1], N_CLASSES)
    return PhoneClassifier(mean, components, z_mean, z_scale, w[:-1], w[-1])


def fit_rows(pooled: np.ndarray, phone_ids: np.ndarray, rows: np.ndarray) -> PhoneClassifier:
    """Fit on the selected rows (bool mask) that have frames and a phone among the 39."""
    use = rows & np.isfinite(pooled).all(axis=1) & (phone_ids < N_CLASSES)
    return fit(pooled[use].astype(np.float64), phone_ids[use].astype(int))


def nested_log_probs(
    pooled: np.ndarray, phone_ids: np.ndarray, folds: np.ndarray, fit_on: np.ndarray
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Out-of-fold log posteriors (n, 39): ``outer`` row i from a classifier fitted on every
    fold but i's; ``inner[f]`` row i (i not in f) from one fitted on neither f nor i's fold —
    the features of fold f's phone-model training rows, so the phone model in fold f never
    sees a posterior computed with fold f's data or the row's own. NaN rows in fold f of
    ``inner[f]``. Classifiers are fitted only on the rows of ``fit_on`` (bool mask: the real
    utterances; an augmented row's canonical phone is not what was said) and predict every
    row."""
    n = len(phone_ids)
    outer = np.full((n, N_CLASSES), np.nan)
    inner: dict[int, np.ndarray] = {}
    started = time.process_time()
    for f in np.unique(folds):
        test = folds == f
        outer[test] = fit_rows(pooled, phone_ids, ~test & fit_on).log_probs(pooled[test])
        inner[int(f)] = np.full((n, N_CLASSES), np.nan)
        for g in np.unique(folds):
            if g == f:
                continue
            part = folds == g
            model = fit_rows(pooled, phone_ids, ~test & ~part & fit_on)
            inner[int(f)][part] = model.log_probs(pooled[part])
        print(f"classifier fold {f} {time.process_time() - started:.0f} CPU-s", flush=True)
    return outer, inner
