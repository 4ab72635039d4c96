"""MOCK_MODE engine: the fixture engine of ``/process`` that also answers ``/search`` from
``tests/data/mock_phoneme_map_search.json``; both fixtures are parsed through the real
response models at load."""

from __future__ import annotations

import json
from pathlib import Path

from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_map import (
    PatternSearchRequest,
    PatternSearchResponse,
    PhonemeMapResponse,
)
from voicemesh.engine import FixtureEngine


class FixtureSearchEngine(FixtureEngine[PhonemeMapResponse]):
    def __init__(self, fixture: Path, search_fixture: Path, store: ArtifactStore) -> None:
        super().__init__(PhonemeMapResponse, fixture, store)
        self.search_fixture = search_fixture
        self._search: PatternSearchResponse | None = None

    def load(self) -> None:
        super().load()
        raw = json.loads(self.search_fixture.read_text())
        self._search = PatternSearchResponse.model_validate(raw)

    def search(self, request: PatternSearchRequest) -> PatternSearchResponse:
        if self._search is None:
            raise RuntimeError("fixture engine used before load()")
        return self._search.model_copy(deep=True)
