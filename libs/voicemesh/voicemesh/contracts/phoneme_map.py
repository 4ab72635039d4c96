"""phoneme-map-service: text → expected pronunciation (ARPAbet with stress, syllables, IPA)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from voicemesh.contracts.common import ArpabetPhone, Contract, EngineInfo, Stress


class PhonemeMapRequest(Contract):
    text: str | None = Field(default=None, max_length=2000, description="a sentence to read")
    words: list[str] | None = Field(default=None, max_length=300, description="or ready words")

    @model_validator(mode="after")
    def _one_input(self) -> PhonemeMapRequest:
        if (self.text is None or not self.text.strip()) and not self.words:
            raise ValueError("give `text` (non-empty) or `words`")
        return self


class Syllable(Contract):
    phones: list[ArpabetPhone]
    stress: Stress = Field(description="lexical stress of the nucleus: 1 primary, 2 secondary")
    ipa: str


class WordPronunciation(Contract):
    text: str = Field(description="the token as it appears in the input (or its spoken form)")
    word: str = Field(description="the dictionary key (upper case) looked up")
    phones: list[ArpabetPhone] = Field(description="chosen pronunciation (first variant)")
    variants: list[list[ArpabetPhone]] = Field(description="all dictionary pronunciations")
    syllables: list[Syllable]
    primary_stress_index: int | None = Field(description="index into syllables, None if none")
    ipa: str = Field(description="IPA with ˈ/ˌ stress marks before stressed syllables")
    source: Literal["cmudict", "g2p", "espeak"]
    weak_form: bool = Field(description="function word normally reduced in connected speech")


class PhonemeMapResponse(Contract):
    words: list[WordPronunciation]
    engine: EngineInfo


class PatternSearchRequest(Contract):
    pattern: str | None = Field(
        default=None,
        max_length=200,
        description="space-separated phone pattern; see the phoneme-map README for the syntax",
    )
    minimal_pairs_of: str | None = Field(
        default=None, max_length=64, description="find words differing from this word by one phone"
    )
    contrast: list[ArpabetPhone] | None = Field(
        default=None, description="restrict minimal pairs to these phones, e.g. [TH, S]"
    )
    limit: int = Field(default=20, ge=1, le=500)

    @model_validator(mode="after")
    def _one_query(self) -> PatternSearchRequest:
        if bool(self.pattern) == bool(self.minimal_pairs_of):
            raise ValueError("give exactly one of `pattern` or `minimal_pairs_of`")
        return self


class PatternMatch(Contract):
    word: str
    phones: list[ArpabetPhone]
    frequency: float = Field(description="Zipf frequency (wordfreq); 0 when unknown")
    differs_at: int | None = Field(default=None, description="minimal pairs: differing phone index")


class PatternSearchResponse(Contract):
    matches: list[PatternMatch]
    total: int = Field(description="matches before the limit")
