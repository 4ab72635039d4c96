"""The standardised PCA projection the array models share (phone classifier, quality probe,
nucleus stress classifier): z = ((x − mean) · components − z_mean) / z_scale, with the
parameters ``phoneme_diff_training.stats.fit_pca`` returns."""

from __future__ import annotations

import numpy as np


def project(
    x: np.ndarray,
    mean: np.ndarray,
    components: np.ndarray,
    z_mean: np.ndarray,
    z_scale: np.ndarray,
) -> np.ndarray:
    """(n, d) rows → (n, k) standardised projections; NaN rows stay NaN. ``mean`` (d,),
    ``components`` (d, k), ``z_mean`` and ``z_scale`` (k,)."""
    return ((x - mean) @ components - z_mean) / z_scale
