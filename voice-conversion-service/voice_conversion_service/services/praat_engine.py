"""Embedded default engine: Praat's "Change gender" (praat-parselmouth), CPU, offline.

Praat (Boersma & Weenink, GPL-3.0) resynthesizes the model speech by PSOLA with a new pitch
median and pitch range, and shifts all formants by a ratio (by resampling before PSOLA), which
is a change of apparent vocal-tract length. The ratios come from the learner's measured voice
(see ``voice_stats``): F0 median → the learner's median, F0 spread (p90 − p10 over the median)
scaled to the learner's, formants shifted by learner ΔF / source ΔF within
[``VC_FORMANT_SHIFT_MIN``, ``VC_FORMANT_SHIFT_MAX``]. Duration is unchanged. This adapts pitch
and vocal-tract length; it does not clone timbre (voice quality, accent, articulation).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from parselmouth.praat import call

from voice_conversion_service.services.conversion import (
    ConversionPipeline,
    Converted,
    TargetVoice,
)
from voice_conversion_service.services.voice_stats import to_sound
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.voice_conversion import (
    VoiceConversionRequest,
    VoiceConversionResponse,
    VoiceStats,
)

PITCH_RANGE_FACTOR_LIMITS = (0.5, 2.0)
WARMUP_STATS = VoiceStats(
    f0_median_hz=120.0, f0_p10_hz=100.0, f0_p90_hz=140.0, formant_ratio=1.0, speech_s=1.0
)


def relative_spread(stats: VoiceStats) -> float:
    """F0 spread relative to the median: (p90 − p10) / median."""
    return (stats.f0_p90_hz - stats.f0_p10_hz) / stats.f0_median_hz


class PraatEngine:
    blocking = True
    method: Literal["pitch-formant"] = "pitch-formant"

    def __init__(self, settings: VoiceConversionSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.pipeline = ConversionPipeline(settings, store)
        self.info = EngineInfo(name="praat", model="change-gender", device="cpu")

    def load(self) -> None:
        """Nothing to load; one conversion of a synthetic 120 Hz pulse train warms Praat up."""
        t = np.arange(16_000) / 16_000
        pulses = (0.3 * ((t * 120.0) % 1.0 - 0.5)).astype(np.float32)
        target = VoiceStats(**{**WARMUP_STATS.model_dump(), "f0_median_hz": 200.0})
        self.convert(Audio(pulses, 16_000), WARMUP_STATS, TargetVoice(target))

    def process(self, request: VoiceConversionRequest) -> VoiceConversionResponse:
        return self.pipeline.run(request, self, self.info)

    def convert(self, source: Audio, source_stats: VoiceStats, target: TargetVoice) -> Converted:
        """Change gender with the learner's F0 median, scaled F0 range and formant ratio."""
        formant_shift = float(
            np.clip(
                target.stats.formant_ratio / source_stats.formant_ratio,
                self.settings.formant_shift_min,
                self.settings.formant_shift_max,
            )
        )
        range_factor = float(
            np.clip(
                relative_spread(target.stats) / max(relative_spread(source_stats), 1e-3),
                *PITCH_RANGE_FACTOR_LIMITS,
            )
        )
        # Pitch analysis range of the source, as in voice_stats' second pass.
        floor = max(40.0, 0.7 * source_stats.f0_p10_hz)
        ceiling = min(1000.0, max(1.5 * source_stats.f0_p90_hz, floor + 50.0))
        changed = call(
            to_sound(source),
            "Change gender",
            floor,
            ceiling,
            formant_shift,
            target.stats.f0_median_hz,
            range_factor,
            1.0,
        )
        samples = np.asarray(changed.values[0], dtype=np.float32)
        audio = Audio(samples, int(changed.sampling_frequency))
        pitch_ratio = target.stats.f0_median_hz / source_stats.f0_median_hz
        return Converted(audio, pitch_ratio, formant_shift)
