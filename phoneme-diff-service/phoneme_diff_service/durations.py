"""Intrinsic vowel durations: how long each vowel quality lasts when pronounced correctly, so a
nucleus's duration can be judged against its own vowel (/ɪ/ is short, /aɪ/ long) before
comparing syllables for stress (Peterson & Lehiste 1960 and Klatt 1976 document the effect).

The table is measured, not copied from the literature: mean and standard deviation of the log
duration of every vowel the experts scored fully correct (all five marks 2) in the
speechocean762 training subset (Zhang et al., Interspeech 2021, CC BY 4.0), with the phone
times of this project's PocketSphinx forced alignment. ``phoneme_diff_training/train.py`` writes it to
``models/vowel_durations.json``. Keys are vowel qualities: the ARPAbet base vowel, with the
reduced vowels AH0 (/ə/) and ER0 (/ɚ/) kept apart from AH (/ʌ/) and ER (/ɝ/).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from phoneme_diff_service.expected import phone_stress
from voicemesh_speech.phones import base_phone

_REDUCED = {"AH", "ER"}


def vowel_key(phone: str) -> str:
    """Vowel quality key: ``AH0`` → ``AH0`` (schwa), ``AH1`` → ``AH``, ``IY0`` → ``IY``."""
    base = base_phone(phone)
    return f"{base}0" if base in _REDUCED and phone_stress(phone) == 0 else base


@dataclass(frozen=True)
class VowelDurations:
    """log-duration mean and SD (log seconds) per vowel key, plus a pooled fallback."""

    mean_log: dict[str, float]
    sd_log: dict[str, float]
    pooled_mean_log: float
    pooled_sd_log: float

    def z(self, phone: str, duration_s: float) -> float:
        """(log d − mean_v) / sd_v: 0 = typical length of this vowel, +1 = one SD longer."""
        key = vowel_key(phone)
        mean = self.mean_log.get(key, self.pooled_mean_log)
        sd = self.sd_log.get(key, self.pooled_sd_log)
        return (math.log(max(duration_s, 0.01)) - mean) / sd

    @classmethod
    def fit(cls, samples: Iterable[tuple[str, float]], min_count: int = 20) -> VowelDurations:
        """From (vowel phone, duration s) pairs of correctly pronounced vowels."""
        by_key: dict[str, list[float]] = {}
        for phone, duration in samples:
            by_key.setdefault(vowel_key(phone), []).append(math.log(max(duration, 0.01)))
        pooled = np.array([v for values in by_key.values() for v in values])
        mean_log, sd_log = {}, {}
        for key, values in sorted(by_key.items()):
            if len(values) >= min_count:
                arr = np.array(values)
                mean_log[key] = round(float(arr.mean()), 4)
                sd_log[key] = round(max(float(arr.std()), 0.05), 4)
        return cls(mean_log, sd_log, float(pooled.mean()), max(float(pooled.std()), 0.05))

    def to_json(self) -> dict[str, object]:
        return {
            "source": "speechocean762 train subset (CC BY 4.0): vowels with all expert marks 2, "
            "PocketSphinx forced-alignment times",
            "unit": "natural log of seconds",
            "mean_log": self.mean_log,
            "sd_log": self.sd_log,
            "pooled_mean_log": round(self.pooled_mean_log, 4),
            "pooled_sd_log": round(self.pooled_sd_log, 4),
        }

    @classmethod
    def load(cls, path: Path) -> VowelDurations:
        raw = json.loads(path.read_text())
        return cls(
            {k: float(v) for k, v in raw["mean_log"].items()},
            {k: float(v) for k, v in raw["sd_log"].items()},
            float(raw["pooled_mean_log"]),
            float(raw["pooled_sd_log"]),
        )
