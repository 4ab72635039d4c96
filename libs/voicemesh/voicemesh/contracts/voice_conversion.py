"""voice-conversion-service: model audio + learner voice → model audio in the learner's voice.

The embedded engine adapts pitch (F0 median and range) and vocal-tract length (formant ratio);
it does not clone timbre.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from voicemesh.contracts.common import (
    ArtifactId,
    AudioArtifact,
    Contract,
    EngineInfo,
    RequiresAudio,
)


class VoiceStats(Contract):
    f0_median_hz: float = Field(gt=0)
    f0_p10_hz: float = Field(gt=0)
    f0_p90_hz: float = Field(gt=0)
    formant_ratio: float = Field(gt=0, description="vs a reference adult male vocal tract")
    speech_s: float = Field(ge=0, description="voiced speech used for the estimate, seconds")


class VoiceProfile(Contract):
    id: str
    stats: VoiceStats
    recordings: int
    rvc_model_path: str | None = None


class ProfileRequest(Contract):
    """Multipart: one or more files in field ``audio``; or artifact ids."""

    audio_refs: list[ArtifactId] = Field(default_factory=list, max_length=20)
    audio_ref: ArtifactId | None = None
    rvc_model_path: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _some_audio(self) -> ProfileRequest:
        if self.audio_ref:
            self.audio_refs = [*self.audio_refs, self.audio_ref]
            self.audio_ref = None
        if not self.audio_refs:
            raise ValueError("give at least one learner recording")
        return self


class VoiceConversionRequest(RequiresAudio):
    """``audio_ref``/``audio`` is the source (model) speech; the target voice comes from
    ``reference_ref``/``reference`` (a learner recording) or a stored ``profile_id``."""

    reference_ref: ArtifactId | None = None
    profile_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{8,64}$")
    format: Literal["wav", "mp3", "ogg"] = "wav"

    @model_validator(mode="after")
    def _one_target(self) -> VoiceConversionRequest:
        if bool(self.reference_ref) == bool(self.profile_id):
            raise ValueError("give exactly one of `reference` (audio) or `profile_id`")
        return self


class VoiceConversionResponse(Contract):
    audio: AudioArtifact
    source: VoiceStats
    target: VoiceStats
    pitch_ratio: float
    formant_ratio: float
    method: Literal["pitch-formant", "rvc", "zero-shot", "fixture"] = "pitch-formant"
    note: str = Field(
        default="Adapts pitch and vocal-tract length to the learner; it does not clone timbre."
    )
    engine: EngineInfo
