"""alignment-service: audio + expected words/phones → word/phone timings + GOP."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from voicemesh.contracts.common import (
    ArpabetPhone,
    ArtifactId,
    Contract,
    EngineInfo,
    RequiresAudio,
    Seconds,
)


class AlignmentWordIn(Contract):
    text: str = Field(min_length=1, max_length=64)
    phones: list[ArpabetPhone] = Field(min_length=1, max_length=40)


class AlignmentRequest(RequiresAudio):
    words: list[AlignmentWordIn] = Field(min_length=1, max_length=200)
    substitutions: dict[ArpabetPhone, list[ArpabetPhone]] | None = Field(
        default=None,
        description="alternative phones per expected phone (extended recognition network); "
        "null = the service's default L2 list, {} = none",
    )
    textgrid: bool = Field(default=False, description="also store a Praat TextGrid artifact")


class AlignedPhone(Contract):
    phone: ArpabetPhone = Field(description="expected phone (stress digit kept)")
    realized: ArpabetPhone | None = Field(
        default=None,
        description="phone the extended recognition network chose where this phone had "
        "alternatives (equal to `phone` when the expected phone won; vowels keep the expected "
        "stress digit); None where the phone had no alternatives or the ERN did not run",
    )
    start: Seconds
    end: Seconds
    frames: int = Field(
        ge=0, description="10 ms frames (3 is the HMM minimum: a squeezed phone may be deleted)"
    )
    score: float = Field(
        description="forced-alignment acoustic log-likelihood in nats (natural log), summed "
        "over the phone's frames, relative to the best senone of each frame"
    )
    loop_score: float | None = Field(
        default=None, description="free phone-loop log-likelihood over the same frames, nats"
    )
    gop: float | None = Field(
        default=None,
        description="goodness of pronunciation, (score − loop_score) / frames in nats per 10 ms "
        "frame; around 0 good, more negative worse (small positive values occur)",
    )


class AlignedWord(Contract):
    text: str
    start: Seconds | None
    end: Seconds | None
    aligned: bool = Field(description="false when the word could not be placed")
    score: float | None = Field(
        default=None, description="forced-alignment log-likelihood of the word, nats"
    )
    phones: list[AlignedPhone] = Field(
        description="one per expected phone, in order; empty when the word is not aligned"
    )
    inserted: list[AlignedPhone] = Field(
        default_factory=list,
        description="phones heard that the expected pronunciation lacks, in time order: an "
        "epenthetic vowel after the word's final consonant (``phone`` AH0, as in 'bed-uh'); "
        "empty when none was heard or the check was off",
    )


class AlignmentResponse(Contract):
    status: Literal["ok", "partial", "failed"]
    words: list[AlignedWord]
    unaligned_words: list[int] = Field(description="indexes of words that could not be placed")
    duration_s: Seconds
    textgrid_ref: ArtifactId | None = None
    message: str | None = None
    engine: EngineInfo
