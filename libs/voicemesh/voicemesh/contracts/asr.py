"""asr-service: audio → transcript + word timestamps."""

from __future__ import annotations

from pydantic import Field

from voicemesh.contracts.common import (
    Contract,
    EngineInfo,
    Probability,
    RequiresAudio,
    Seconds,
)


class AsrRequest(RequiresAudio):
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}$", description="ISO 639-1 code")
    initial_prompt: str | None = Field(
        default=None, max_length=1000, description="context hint, e.g. the target sentence"
    )


class AsrWord(Contract):
    text: str = Field(description="the word as the model wrote it, without spaces/punctuation")
    normalized: str = Field(description="lower case, numbers spelt out, e.g. '3' → 'three'")
    start: Seconds
    end: Seconds
    confidence: Probability


class AsrResponse(Contract):
    transcript: str
    normalized_transcript: str
    language: str
    duration_s: Seconds
    words: list[AsrWord]
    no_speech: bool = Field(description="true when VAD/model found no speech (empty transcript)")
    engine: EngineInfo
