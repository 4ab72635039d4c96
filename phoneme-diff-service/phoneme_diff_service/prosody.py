"""Prosodic measures of an utterance: intensity and F0 contours computed once with Praat
(via praat-parselmouth), then read per vowel nucleus from the forced alignment's phone times.

Intensity: Praat ``To Intensity`` (minimum pitch 75 Hz, 10 ms step), dB re 2·10⁻⁵ Pa as Praat
reports it for samples in [-1, 1]. F0: Praat ``To Pitch (ac)`` (Boersma 1993 autocorrelation),
10 ms step, floor/ceiling from the settings (75–600 Hz covers adults and children).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import parselmouth

FRAME_STEP_S = 0.01


@dataclass(frozen=True)
class NucleusProsody:
    """Measures of one vowel nucleus. ``f0_hz`` is None when fewer than two frames are voiced
    (unvoiced, whispered or creaky vowels)."""

    duration_s: float
    intensity_db: float | None
    f0_hz: float | None


class UtteranceProsody:
    """Intensity (dB) and F0 (Hz, 0 = unvoiced) contours of one recording.

    ``samples``: mono float samples in [-1, 1]; ``sample_rate`` in Hz.
    """

    def __init__(
        self,
        samples: np.ndarray,
        sample_rate: int,
        *,
        pitch_floor_hz: float = 75.0,
        pitch_ceiling_hz: float = 600.0,
    ) -> None:
        sound = parselmouth.Sound(np.asarray(samples, dtype=np.float64), float(sample_rate))
        self.duration_s = len(samples) / sample_rate
        # Praat needs 6.4 / pitch_floor seconds of signal for one intensity frame.
        if self.duration_s > 6.4 / pitch_floor_hz + FRAME_STEP_S:
            intensity = sound.to_intensity(minimum_pitch=pitch_floor_hz, time_step=FRAME_STEP_S)
            self._int_t = np.asarray(intensity.xs())
            self._int_db = np.asarray(intensity.values[0])
        else:
            self._int_t = np.zeros(0)
            self._int_db = np.zeros(0)
        if self.duration_s > 3.0 / pitch_floor_hz + FRAME_STEP_S:
            pitch = sound.to_pitch_ac(
                time_step=FRAME_STEP_S, pitch_floor=pitch_floor_hz, pitch_ceiling=pitch_ceiling_hz
            )
            self._f0_t = np.asarray(pitch.xs())
            self._f0 = np.asarray(pitch.selected_array["frequency"])
        else:
            self._f0_t = np.zeros(0)
            self._f0 = np.zeros(0)

    @staticmethod
    def _window(times: np.ndarray, start: float, end: float) -> np.ndarray:
        """Indexes of frames whose centre lies in [start, end]; the nearest frame if none."""
        if times.size == 0:
            return np.zeros(0, dtype=int)
        idx = np.flatnonzero((times >= start) & (times <= end))
        if idx.size == 0:
            idx = np.array([int(np.argmin(np.abs(times - 0.5 * (start + end))))])
        return idx

    def nucleus(self, start: float, end: float) -> NucleusProsody:
        """Mean intensity (dB) and median F0 (Hz, voiced frames only) over [start, end] s."""
        duration = max(0.0, end - start)
        idx = self._window(self._int_t, start, end)
        values = self._int_db[idx] if idx.size else np.zeros(0)
        values = values[np.isfinite(values)]
        intensity = float(values.mean()) if values.size else None
        f0_idx = self._window(self._f0_t, start, end)
        voiced = self._f0[f0_idx] if f0_idx.size else np.zeros(0)
        voiced = voiced[voiced > 0]
        f0 = float(np.median(voiced)) if voiced.size >= 2 else None
        return NucleusProsody(duration_s=duration, intensity_db=intensity, f0_hz=f0)


def zscores(values: list[float | None]) -> list[float | None]:
    """z-score the known values among themselves (None stays None; a constant gives 0)."""
    known = np.array([v for v in values if v is not None], dtype=float)
    if known.size == 0:
        return [None] * len(values)
    mean = float(known.mean())
    sd = float(known.std())
    if sd < 1e-9:
        return [None if v is None else 0.0 for v in values]
    return [None if v is None else (v - mean) / sd for v in values]
