"""``GET /practice``: sentences grouped by target sound or stress pattern, drawn from the
dictionary with phoneme-map's ``/search`` from the seeds in ``practice_seeds.json``.

- A **sound** group pairs each seed word with its most frequent minimal pair over the group's
  contrast (THINK with [TH, S] → SINK) and places the pair in the group's frame ("I said think,
  not sink."), the classic minimal-pair drill.
- A **stress** group searches words by phone and stress pattern (``* G R AH0 F IY0`` with
  ``0 1 0 0``: PHOTOGRAPHY, GEOGRAPHY, …) and pairs each with the word it derives from
  (strip the suffix, add ``base_ending``: PHOTOGRAPHY → PHOTOGRAPH) when phoneme-map knows that
  base from CMUdict, it has two or more syllables, it is common, and its primary stress is on
  another syllable: a stress shift.

Only words of at least ``min_zipf`` (wordfreq Zipf scale) are kept, so the drills use common
words. The dictionary does not change while the mesh runs, so the first complete answer is
kept for the life of the process; a failed build is not kept (the next request retries).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from voicemesh.clients import MeshClients
from voicemesh.contracts.phoneme_map import (
    PatternMatch,
    PatternSearchRequest,
    PatternSearchResponse,
    PhonemeMapRequest,
    WordPronunciation,
)
from voicemesh.contracts.practice import PracticeGroup, PracticeResponse, PracticeSentence
from voicemesh.mesh import PHONEME_MAP

SEEDS = Path(__file__).resolve().parents[1] / "practice_seeds.json"
CONCURRENT_CALLS = 4


@dataclass(frozen=True)
class SoundSeed:
    id: str
    title: str
    focus: str
    contrast: list[str]
    frame: str
    words: list[str]


@dataclass(frozen=True)
class DerivedSearch:
    pattern: str
    stress: str
    suffix: str
    base_ending: str


@dataclass(frozen=True)
class StressSeed:
    id: str
    title: str
    focus: str
    frame: str
    searches: list[DerivedSearch]


@dataclass(frozen=True)
class Seeds:
    min_zipf: float
    per_group: int
    exclude: frozenset[str]
    sound: list[SoundSeed]
    stress: list[StressSeed]

    @classmethod
    def load(cls, path: Path = SEEDS) -> Seeds:
        raw = json.loads(path.read_text())
        return cls(
            min_zipf=float(raw["min_zipf"]),
            per_group=int(raw["per_group"]),
            exclude=frozenset(raw["exclude"]),
            sound=[SoundSeed(**s) for s in raw["sound"]],
            stress=[
                StressSeed(**{**s, "searches": [DerivedSearch(**d) for d in s["searches"]]})
                for s in raw["stress"]
            ],
        )


def _primary(stress_pattern: str) -> int | None:
    index = stress_pattern.find("1")
    return None if index < 0 else index


class PracticeCatalog:
    """Builds the practice groups once through the mesh clients, then serves the cached copy."""

    def __init__(self, seeds: Seeds) -> None:
        self.seeds = seeds
        self._built: PracticeResponse | None = None
        self._lock = asyncio.Lock()
        # phoneme-map queues a bounded number of requests (503 beyond): a few at a time
        self._calls = asyncio.Semaphore(CONCURRENT_CALLS)

    async def get(self, clients: MeshClients) -> PracticeResponse:
        """Raises the upstream errors of :mod:`voicemesh.clients` when phoneme-map fails."""
        async with self._lock:
            if self._built is None:
                groups = await asyncio.gather(
                    *(self._sound(clients, s) for s in self.seeds.sound),
                    *(self._stress(clients, s) for s in self.seeds.stress),
                )
                self._built = PracticeResponse(groups=[g for g in groups if g.sentences])
            return self._built

    async def _search(
        self, clients: MeshClients, request: PatternSearchRequest
    ) -> PatternSearchResponse:
        async with self._calls:
            return (
                await clients.post(PHONEME_MAP, "/search", request, PatternSearchResponse)
            ).value

    def _usable(self, match: PatternMatch) -> bool:
        return (
            match.frequency >= self.seeds.min_zipf
            and match.word.isalpha()
            and match.word not in self.seeds.exclude
        )

    async def _pronounce(
        self, clients: MeshClients, words: list[str]
    ) -> dict[str, WordPronunciation]:
        """Dictionary pronunciations (CMUdict only, no guesses) of ``words``, by upper-case word."""
        if not words:
            return {}
        async with self._calls:
            answer = (await clients.call(PHONEME_MAP, PhonemeMapRequest(words=words))).value
        return {w.word: w for w in answer.words if w.source == "cmudict"}

    async def _sound(self, clients: MeshClients, seed: SoundSeed) -> PracticeGroup:
        searches = await asyncio.gather(
            *(
                self._search(
                    clients,
                    PatternSearchRequest(minimal_pairs_of=word, contrast=seed.contrast, limit=10),
                )
                for word in seed.words
            )
        )
        pairs: list[tuple[str, PatternMatch]] = []
        for word, found in zip(seed.words, searches, strict=True):
            partner = next((m for m in found.matches if m.word != word and self._usable(m)), None)
            if partner is not None:
                pairs.append((word, partner))
        known = await self._pronounce(clients, [word for word, _ in pairs])
        chosen = [((word, known[word].ipa), (p.word, p.ipa)) for word, p in pairs if word in known]
        return self._group(seed, "sound", chosen)

    async def _stress(self, clients: MeshClients, seed: StressSeed) -> PracticeGroup:
        searches = await asyncio.gather(
            *(
                self._search(
                    clients, PatternSearchRequest(pattern=d.pattern, stress=d.stress, limit=200)
                )
                for d in seed.searches
            )
        )
        derived: dict[str, tuple[PatternMatch, str]] = {}  # word → (match, its base)
        for search, found in zip(seed.searches, searches, strict=True):
            for match in found.matches:
                if self._usable(match) and match.word.endswith(search.suffix):
                    base = match.word[: -len(search.suffix)] + search.base_ending
                    derived.setdefault(match.word, (match, base))  # first = usual pronunciation
        known = await self._pronounce(clients, sorted({base for _, base in derived.values()}))
        shifted = [
            (known[base], match)
            for match, base in sorted(derived.values(), key=lambda d: -d[0].frequency)
            if base in known
            and len(known[base].syllables) > 1  # one syllable has nowhere to shift from
            and known[base].primary_stress_index != _primary(match.stress_pattern)
        ]
        common = await asyncio.gather(*(self._common(clients, base) for base, _ in shifted))
        chosen = [
            ((base.word, base.ipa), (match.word, match.ipa))
            for (base, match), ok in zip(shifted, common, strict=True)
            if ok
        ]
        return self._group(seed, "stress", chosen)

    def _group(
        self,
        seed: SoundSeed | StressSeed,
        kind: Literal["sound", "stress"],
        pairs: list[tuple[tuple[str, str], tuple[str, str]]],
    ) -> PracticeGroup:
        """The group of ``pairs`` ((word, IPA), (partner, IPA)), each placed in the frame."""
        sentences = [
            PracticeSentence(
                text=seed.frame.format(first.lower(), second.lower()),
                focus_words=[first.lower(), second.lower()],
                focus_ipa=[first_ipa, second_ipa],
            )
            for (first, first_ipa), (second, second_ipa) in pairs[: self.seeds.per_group]
        ]
        return PracticeGroup(
            id=seed.id, title=seed.title, kind=kind, focus=seed.focus, sentences=sentences
        )

    async def _common(self, clients: MeshClients, word: WordPronunciation) -> bool:
        """Whether ``word`` is frequent enough: /search of its exact phones gives its Zipf value."""
        found = await self._search(
            clients, PatternSearchRequest(pattern=" ".join(word.phones), limit=50)
        )
        return any(m.word == word.word and self._usable(m) for m in found.matches)
