"""What every voice-conversion engine shares: reading the request, measuring the source,
finding the target voice (stored profile or a learner recording), fitting the output to the
source's length and storing it. An engine supplies one :class:`VoiceConverter`.

Room for a zero-shot converter (e.g. a neural one that clones timbre from a few seconds of
speech): implement :class:`VoiceConverter` with ``method = "zero-shot"``, read the learner's
audio from ``target.reference``, and add the engine to ``services.ENGINES``. Profiles keep only
stats today, so such an engine would take ``reference`` requests, or profiles would also have
to keep a reference clip.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import soundfile as sf

from voice_conversion_service.profile_store import ProfileStore
from voice_conversion_service.services.voice_stats import measure_voice
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import TARGET_SR, Audio, AudioLimits, decode_audio
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.voice_conversion import (
    VoiceConversionRequest,
    VoiceConversionResponse,
    VoiceStats,
)

MAX_OUTPUT_SR = 48_000
PEAK_LIMIT = 0.99


@dataclass(frozen=True)
class TargetVoice:
    """The learner's voice: measured stats, the profile's RVC model if any, and the learner's
    recording when the request carried one (16 kHz)."""

    stats: VoiceStats
    rvc_model_path: str | None = None
    reference: Audio | None = None


@dataclass(frozen=True)
class Converted:
    audio: Audio
    pitch_ratio: float
    formant_ratio: float


class VoiceConverter(Protocol):
    @property
    def method(self) -> Literal["pitch-formant", "rvc", "zero-shot"]: ...

    def convert(self, source: Audio, source_stats: VoiceStats, target: TargetVoice) -> Converted:
        """``source`` (model speech at its own sample rate) said in the ``target`` voice."""
        ...


def load_native(store: ArtifactStore, artifact_id: str, limits: AudioLimits) -> Audio:
    """Decode an artifact at its own sample rate (capped at 48 kHz), so 22.05 kHz TTS audio
    keeps its bandwidth; 16 kHz when the header gives no rate."""
    data = store.read(artifact_id)
    try:
        rate = int(sf.info(io.BytesIO(data)).samplerate)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError):
        rate = TARGET_SR
    return decode_audio(data, limits, sample_rate=min(rate, MAX_OUTPUT_SR))


def fit_to(audio: Audio, like: Audio) -> Audio:
    """``audio`` resampled to ``like``'s rate, cut or zero-padded to its exact length and scaled
    to its RMS level (peak kept under 0.99)."""
    out = audio.resampled(like.sample_rate).samples[: len(like.samples)]
    out = np.pad(out, (0, len(like.samples) - len(out)))
    rms_in = float(np.sqrt(np.mean(np.square(like.samples, dtype=np.float64))))
    rms_out = float(np.sqrt(np.mean(np.square(out, dtype=np.float64))))
    if rms_out > 0:
        out = out * (rms_in / rms_out)
    peak = float(np.max(np.abs(out))) if out.size else 0.0
    if peak > PEAK_LIMIT:
        out = out * (PEAK_LIMIT / peak)
    return Audio(out.astype(np.float32), like.sample_rate)


class ConversionPipeline:
    def __init__(self, settings: VoiceConversionSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        self.profiles = ProfileStore(settings.profile_root(), rvc_model_dir=settings.rvc_model_dir)
        self.limits = settings.audio_limits()

    def target_voice(self, request: VoiceConversionRequest) -> TargetVoice:
        """From ``profile_id`` (ProfileNotFound 404) or ``reference_ref`` (measured now;
        NoVoicedSpeech 422 when it holds no voiced speech)."""
        if request.profile_id:
            profile = self.profiles.get(request.profile_id)
            return TargetVoice(profile.stats, profile.rvc_model_path)
        assert request.reference_ref is not None  # the contract requires one of the two
        reference = self.store.load_audio(request.reference_ref, self.limits)
        return TargetVoice(measure_voice([reference]), reference=reference)

    def run(
        self, request: VoiceConversionRequest, converter: VoiceConverter, info: EngineInfo
    ) -> VoiceConversionResponse:
        assert request.audio_ref is not None  # RequiresAudio
        source = load_native(self.store, request.audio_ref, self.limits)
        target = self.target_voice(request)
        source_stats = measure_voice([source])
        converted = converter.convert(source, source_stats, target)
        artifact = self.store.put_audio(fit_to(converted.audio, source), request.format)
        return VoiceConversionResponse(
            audio=artifact,
            source=source_stats,
            target=target.stats,
            pitch_ratio=round(converted.pitch_ratio, 3),
            formant_ratio=round(converted.formant_ratio, 3),
            method=converter.method,
            engine=info,
        )
