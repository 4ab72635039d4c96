"""tts-service: text (or phones with stress) → model-pronunciation audio."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from voicemesh.contracts.common import ArpabetPhone, AudioArtifact, Contract, EngineInfo, Seconds


class TtsWordIn(Contract):
    text: str = Field(min_length=1, max_length=64)
    phones: list[ArpabetPhone] = Field(min_length=1, max_length=40)


class TtsRequest(Contract):
    text: str | None = Field(default=None, max_length=1000)
    words: list[TtsWordIn] | None = Field(
        default=None, max_length=200, description="phones with stress to say exactly"
    )
    rate: float = Field(default=1.0, ge=0.5, le=1.5, description="speaking rate, 0.75 = slow")
    emphasize_word: int | None = Field(
        default=None, ge=0, description="index of a word to say slower and louder (drills)"
    )
    format: Literal["wav", "mp3", "ogg"] = "wav"

    @model_validator(mode="after")
    def _one_input(self) -> TtsRequest:
        if (self.text is None or not self.text.strip()) and not self.words:
            raise ValueError("give `text` (non-empty) or `words`")
        return self


class TtsWordTiming(Contract):
    text: str
    start: Seconds
    end: Seconds


class TtsResponse(Contract):
    audio: AudioArtifact
    words: list[TtsWordTiming] = Field(description="per-word times when the engine gives them")
    engine: EngineInfo
