"""phoneme-map-service: text → expected pronunciation (ARPAbet with stress, syllables, IPA)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from voicemesh.contracts.common import ArpabetPhone, Contract, EngineInfo, Stress


class PhonemeMapRequest(Contract):
    text: str | None = Field(
        default=None, max_length=2000, description="a sentence to read (at most 2,000 characters)"
    )
    words: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        default=None,
        max_length=300,
        description="or ready words (tokens, at most 300 of up to 64 characters)",
    )

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
    token: str | None = Field(
        default=None,
        description="the input token this word was read from (25 → twenty-five, Dr. → doctor)",
    )
    token_index: int | None = Field(
        default=None, ge=0, description="index of that token among the input tokens"
    )


class PhonemeMapResponse(Contract):
    words: list[WordPronunciation]
    engine: EngineInfo


class PatternSearchRequest(Contract):
    """A dictionary search: ``pattern`` and/or ``stress``, or ``minimal_pairs_of``."""

    pattern: str | None = Field(
        default=None,
        max_length=200,
        description="space-separated phone pattern, e.g. `TH *` or `* @V1 N`; a pattern of "
        "stress digits and wildcards only (`. 1 . .`) is a syllable stress pattern; see the "
        "phoneme-map README for the syntax",
    )
    stress: str | None = Field(
        default=None,
        max_length=100,
        description="syllable stress pattern, one token per syllable: 0/1/2, `.`/`?` any one "
        "syllable, `*` any number, e.g. `. 1 . .` (4 syllables, primary on the 2nd)",
    )
    minimal_pairs_of: str | None = Field(
        default=None, max_length=64, description="find words differing from this word by one phone"
    )
    contrast: list[ArpabetPhone] | None = Field(
        default=None,
        max_length=40,
        description="minimal pairs only: both differing phones are among these, e.g. [TH, S]",
    )
    limit: int = Field(default=20, ge=1, le=500)

    @model_validator(mode="after")
    def _one_query(self) -> PatternSearchRequest:
        by_pattern = bool(self.pattern and self.pattern.strip()) or bool(
            self.stress and self.stress.strip()
        )
        by_pairs = bool(self.minimal_pairs_of and self.minimal_pairs_of.strip())
        if by_pattern == by_pairs:
            raise ValueError("give `pattern` and/or `stress`, or `minimal_pairs_of`")
        if self.contrast is not None and not by_pairs:
            raise ValueError("`contrast` goes with `minimal_pairs_of`")
        return self


class PatternMatch(Contract):
    word: str
    phones: list[ArpabetPhone]
    frequency: float = Field(description="Zipf frequency (wordfreq); 0 when unknown")
    stress_pattern: str = Field(description="stress digit of each syllable, e.g. 0100")
    ipa: str = Field(description="IPA with ˈ/ˌ stress marks")
    differs_at: int | None = Field(default=None, description="minimal pairs: differing phone index")
    contrast: list[ArpabetPhone] | None = Field(
        default=None, description="minimal pairs: [query word's phone, this word's phone]"
    )


class PatternSearchResponse(Contract):
    matches: list[PatternMatch] = Field(description="most frequent words first")
    total: int = Field(description="matching words before the limit")
    query: str = Field(description="the query as the service read it (normalised)")
