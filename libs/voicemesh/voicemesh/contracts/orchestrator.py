"""orchestrator-service: the one answer a learner gets from ``POST /process``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from voicemesh.contracts.common import AudioArtifact, Contract, Seconds
from voicemesh.contracts.feedback import FeedbackResponse, Level
from voicemesh.contracts.phoneme_diff import UtteranceScores, WordAssessment

Stage = Literal[
    "upload",
    "asr",
    "phoneme_map",
    "alignment",
    "phoneme_diff",
    "tts",
    "voice_conversion",
    "feedback",
    "llm",
]


class ProcessRequest(Contract):
    """Multipart: ``audio`` (file), optional ``text`` and the options below as form fields."""

    audio_ref: str | None = Field(default=None, description="filled from the `audio` upload")
    text: str | None = Field(
        default=None, max_length=1000, description="the sentence the learner meant to read"
    )
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}$")
    learner_l1: str | None = Field(default=None, max_length=40)
    level: Level | None = None
    tts_rate: float = Field(default=1.0, ge=0.5, le=1.5)
    with_audio: bool = Field(default=True, description="run TTS and voice conversion")
    with_feedback: bool = True
    voice_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{8,64}$",
        description="a ready voice profile (POST /voices): own-voice audio in that voice "
        "instead of the recording's",
    )


class StageError(Contract):
    stage: Stage
    code: str
    message: str
    retryable: bool


class StageTiming(Contract):
    stage: Stage
    start_s: Seconds = Field(description="offset from the start of the request")
    duration_s: Seconds
    ok: bool
    server_s: Seconds | None = Field(
        default=None, description="the service's own processing time (its Server-Timing)"
    )


class ProcessAudio(Contract):
    learner: AudioArtifact | None = None
    model_pronunciation: AudioArtifact | None = None
    own_voice: AudioArtifact | None = None


class ProcessResult(Contract):
    request_id: str | None
    transcript: str | None
    target_text: str | None
    target_source: Literal["given", "transcript"] | None
    words: list[WordAssessment]
    scores: UtteranceScores | None
    audio: ProcessAudio
    feedback: FeedbackResponse | None
    timings: list[StageTiming]
    total_s: Seconds
    errors: list[StageError]
    attempt_id: str | None = Field(
        default=None, description="the stored attempt (GET /attempts/{id}); None when not stored"
    )
