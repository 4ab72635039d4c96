"""feedback-llm-service: assessment → coaching JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from voicemesh.contracts.common import Contract, EngineInfo
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse, Severity

Level = Literal["beginner", "intermediate", "advanced"]


class FeedbackRequest(Contract):
    assessment: PhonemeDiffResponse
    transcript: str | None = Field(default=None, max_length=2000)
    target_text: str | None = Field(default=None, max_length=2000)
    learner_l1: str | None = Field(default=None, max_length=40, description="e.g. Mandarin")
    level: Level | None = None


class Priority(Contract):
    rank: int = Field(ge=1)
    issue: str = Field(description="category, e.g. lexical_stress, th_sound, final_consonant")
    description: str
    words: list[str]
    severity: Severity


class Tip(Contract):
    word: str
    problem: str
    how_to_fix: str
    example: str = Field(description="stressed syllable in capitals, e.g. pho-TO-gra-phy")


class Drill(Contract):
    kind: Literal["words", "minimal_pairs", "sentence"]
    focus: str
    items: list[str]


class FeedbackResponse(Contract):
    summary: str
    priorities: list[Priority]
    tips: list[Tip]
    drills: list[Drill]
    encouragement: str
    engine: EngineInfo
    fallback_used: bool = Field(default=False, description="true when the LLM failed → rules")
    fallback_reason: str | None = None
