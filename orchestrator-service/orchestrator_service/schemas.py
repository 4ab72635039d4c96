"""Response and request bodies of the server endpoints (auth, attempts, progress, voices, jobs,
config). Times are ISO-8601 UTC; scores 0–100."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from voicemesh.contracts.common import ArtifactId, Contract, Score
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.contracts.phoneme_diff import ErrorType, Severity, UtteranceScores

MAX_BATCH_CLIPS = 200  # recordings in one assess_batch job


class SessionRequest(Contract):
    api_key: str = Field(min_length=1, max_length=200)


class Me(Contract):
    user_id: str
    email: str
    role: Literal["learner", "teacher", "admin"]
    org: str


class WordSummary(Contract):
    text: str
    error_type: ErrorType
    severity: Severity
    accuracy: Score


class AttemptSummary(Contract):
    id: str
    created_at: datetime
    user_id: str
    target_text: str | None
    scores: UtteranceScores | None
    words: list[WordSummary]


class AttemptPage(Contract):
    items: list[AttemptSummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null at end")


class AttemptDetail(Contract):
    id: str
    created_at: datetime
    user_id: str
    result: ProcessResult


class ScorePoint(Contract):
    at: datetime
    overall: Score | None
    accuracy: Score | None
    stress: Score | None


class Substitution(Contract):
    expected: str = Field(description="ARPAbet, no stress digit")
    realized: str = Field(description="ARPAbet, no stress digit")
    count: int


class WordCount(Contract):
    word: str
    count: int


class WordToPractise(Contract):
    word: str
    count: int = Field(description="attempts in which the word had an error")
    last_accuracy: Score


class Progress(Contract):
    attempts: int
    scores_over_time: list[ScorePoint]
    top_substitutions: list[Substitution]
    stress_errors: list[WordCount]
    words_to_practise: list[WordToPractise]


class ArtifactLink(Contract):
    url: str
    expires_in_s: int


VoiceStatus = Literal["pending", "ready", "failed"]


class VoiceCreate(Contract):
    name: str = Field(min_length=1, max_length=100)


class Voice(Contract):
    id: str
    name: str
    status: VoiceStatus
    samples: int
    created_at: datetime
    f0_median_hz: float | None = Field(default=None, description="of all samples, Hz (ready)")
    error: str | None = None
    job_id: str | None = Field(default=None, description="the latest prepare_voice job")


class VoiceList(Contract):
    items: list[Voice]


class SampleAdded(Contract):
    id: str
    samples: int
    status: VoiceStatus
    duration_s: float = Field(description="the stored sample after silence trimming, seconds")


class SampleUpload(Contract):
    """Multipart: the recording in field ``audio``."""

    audio_ref: ArtifactId | None = None


JobKind = Literal["assess_batch", "prepare_voice"]
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobCreate(Contract):
    """``assess_batch``: clips in ``audio`` (multipart, up to 20 files) or ``audio_refs``, with
    ``texts`` (a JSON list, one per clip; null for ASR's transcript). ``prepare_voice``:
    ``voice_id``."""

    kind: JobKind
    audio_refs: list[ArtifactId] = Field(default_factory=list, max_length=MAX_BATCH_CLIPS)
    audio_ref: ArtifactId | None = None
    texts: list[str | None] = Field(default_factory=list, max_length=MAX_BATCH_CLIPS)
    voice_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{8,64}$")
    with_audio: bool = Field(default=False, description="assess_batch: also TTS + own voice")
    with_feedback: bool = True


class JobOut(Contract):
    id: str
    kind: JobKind
    status: JobStatus
    progress: float = Field(ge=0, le=1, description="done / total")
    done: int
    total: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    tries: int
    error: str | None
    result: dict[str, Any] | None = Field(
        description="assess_batch: {items: [{index, attempt_id, overall} | {index, error}]}; "
        "prepare_voice: {voice_id, voice_status}"
    )
