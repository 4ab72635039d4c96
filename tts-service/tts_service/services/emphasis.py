"""Loudness emphasis of one word: a gain over its span with raised-cosine ramps."""

from __future__ import annotations

import numpy as np

RAMP_S = 0.015  # ramps this long keep the gain change click-free
MARGIN_S = 0.01
PEAK_LIMIT = 0.98


def boost_span(
    samples: np.ndarray, start: int, end: int, sample_rate: int, gain_db: float
) -> np.ndarray:
    """``samples`` with ``[start, end)`` (sample indices) raised by ``gain_db`` dB, ramping in
    and out over 15 ms, then scaled down as a whole if the peak would pass 0.98."""
    if gain_db <= 0 or end <= start:
        return samples
    n = len(samples)
    margin, ramp = int(MARGIN_S * sample_rate), max(1, int(RAMP_S * sample_rate))
    lo, hi = max(0, start - margin), min(n, end + margin)
    envelope = np.ones(n, dtype=np.float32)
    gain = float(10 ** (gain_db / 20))
    envelope[lo:hi] = gain
    rise = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, ramp, dtype=np.float32))
    up_lo = max(0, lo - ramp)
    envelope[up_lo:lo] = 1 + (gain - 1) * rise[ramp - (lo - up_lo) :]
    down_hi = min(n, hi + ramp)
    envelope[hi:down_hi] = 1 + (gain - 1) * rise[::-1][: down_hi - hi]
    boosted = samples * envelope
    peak = float(np.max(np.abs(boosted))) if n else 0.0
    if peak > PEAK_LIMIT:
        boosted *= PEAK_LIMIT / peak
    return boosted.astype(np.float32)
