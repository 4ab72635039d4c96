"""phoneme-diff-service: expected vs aligned phones + prosody → errors, stress, scores."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from voicemesh.contracts.alignment import AlignmentResponse
from voicemesh.contracts.common import (
    ArpabetPhone,
    Contract,
    EngineInfo,
    Probability,
    RequiresAudio,
    Score,
    Seconds,
    Stress,
)
from voicemesh.contracts.phoneme_map import WordPronunciation

PhoneStatus = Literal["correct", "substituted", "deleted", "inserted"]
ErrorType = Literal["None", "Mispronunciation", "Omission", "Insertion", "Stress"]
Severity = Literal["none", "low", "medium", "high"]


class PhonemeDiffRequest(RequiresAudio):
    """``audio_ref`` (or upload ``audio``) is the learner recording, used for prosody."""

    expected: list[WordPronunciation] = Field(min_length=1, max_length=200)
    alignment: AlignmentResponse
    transcript: str | None = Field(default=None, max_length=2000, description="ASR transcript")


class PhoneAssessment(Contract):
    expected: ArpabetPhone | None = Field(description="None for an inserted phone")
    realized: ArpabetPhone | None = Field(description="None when deleted or unknown")
    ipa: str
    status: PhoneStatus
    score: Score
    start: Seconds | None
    end: Seconds | None
    gop: float | None = None


class SyllableProminence(Contract):
    phones: list[ArpabetPhone]
    expected_stress: Stress
    nucleus: ArpabetPhone
    duration_s: Seconds | None
    duration_z: float | None = Field(description="vowel duration vs its intrinsic length, z-score")
    intensity_db: float | None = Field(description="mean intensity of the nucleus, dB SPL")
    f0_hz: float | None = Field(description="mean F0 of the nucleus; None when unvoiced")
    prominence: float = Field(description="combined z-scored prominence within the utterance")


class StressVerdict(Contract):
    applicable: bool = Field(description="false for one-syllable words and weak forms")
    expected_primary: int | None = Field(ge=0, description="index into `syllables`")
    detected_primary: int | None = Field(ge=0, description="index into `syllables`")
    error_probability: Probability
    is_error: bool
    score: Score = Field(description="100 = stress placed right")
    syllables: list[SyllableProminence]


class WordAssessment(Contract):
    text: str
    start: Seconds | None
    end: Seconds | None
    accuracy: Score
    error_type: ErrorType
    severity: Severity
    expected_phones: list[ArpabetPhone]
    ipa: str
    weak_form: bool
    phones: list[PhoneAssessment]
    stress: StressVerdict


class UtteranceScores(Contract):
    accuracy: Score
    stress: Score
    fluency: Score
    completeness: Score
    overall: Score


class PhonemeDiffResponse(Contract):
    words: list[WordAssessment]
    scores: UtteranceScores
    engine: EngineInfo
