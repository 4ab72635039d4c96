"""orchestrator-service: ``GET /practice``, the practice sentences of the learner web app."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from voicemesh.contracts.common import Contract


class PracticeSentence(Contract):
    text: str = Field(description="the sentence to read")
    focus_words: list[str] = Field(description="the words that carry the group's contrast")
    focus_ipa: list[str] = Field(
        description="IPA of each focus word, ˈ/ˌ before stressed syllables (same order)"
    )


class PracticeGroup(Contract):
    id: str
    title: str
    kind: Literal["sound", "stress"]
    focus: str = Field(description="what the group trains, e.g. `θ vs s`")
    sentences: list[PracticeSentence]


class PracticeResponse(Contract):
    groups: list[PracticeGroup] = Field(description="groups with at least one sentence")
