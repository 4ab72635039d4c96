"""A linear probe of pronunciation quality on the pooled Whisper vector of each phone (issue #19).

Per canonical phone (39 ARPAbet classes), a ridge regression from the phone's mean-pooled
Whisper base encoder vector (whisper_features.py; PCA to 128 dims, standardised) to the expert
phone score 0–2 of speechocean762: how this phone sounds when experts find it right or wrong,
where the phone classifier only says which phone it sounds like. Regressing expert scores on
pooled speech-encoder features is what the self-supervised assessment models of the literature
do with a deeper head (e.g. Kim et al., "Automatic Pronunciation Assessment using
Self-Supervised Speech Representation Learning", Interspeech 2022); here the probe is linear
and its estimate, with its context, is a column of the LightGBM phone model
(features.whisper_columns). Fitted by
``phoneme_diff_training/phone_quality.py``, inside the cross-validation nested like the phone
classifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from phoneme_diff_service.npz import load_arrays, save_arrays
from phoneme_diff_service.pca import project


@dataclass(frozen=True)
class PhoneQualityProbe:
    """estimate = [((x − mean) · components − z_mean) / z_scale, 1] · weights[phone]; a phone
    class without a fitted row (NaN weights) gets NaN."""

    mean: np.ndarray  # (512,)
    components: np.ndarray  # (512, k)
    z_mean: np.ndarray  # (k,)
    z_scale: np.ndarray  # (k,)
    weights: np.ndarray  # (39, k + 1), the last column the intercept

    def predict(self, pooled: np.ndarray, phone_ids: np.ndarray) -> np.ndarray:
        """(n, 512) pooled vectors and (n,) phone ids (``features.PHONE_IDS``; ids outside the
        39 give NaN) → (n,) estimated expert score, about 0–2 (not clipped); NaN rows stay NaN."""
        out = np.full(len(pooled), np.nan)
        known = (phone_ids >= 0) & (phone_ids < len(self.weights))
        if known.any():
            w = self.weights[phone_ids[known].astype(int)]
            z = project(pooled[known], self.mean, self.components, self.z_mean, self.z_scale)
            out[known] = (z * w[:, :-1]).sum(axis=1) + w[:, -1]
        return out

    def save(self, path: Path) -> None:
        save_arrays(self, path)

    @classmethod
    def load(cls, path: Path) -> PhoneQualityProbe:
        """Raises FileNotFoundError for a missing file, KeyError for a missing array."""
        return load_arrays(cls, path)
