"""Engines of phoneme-diff-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from phoneme_diff_service.settings import PhonemeDiffSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine


class PhonemeDiffEngine(Engine, Protocol):
    def process(self, request: PhonemeDiffRequest) -> PhonemeDiffResponse: ...


ENGINES = {
    "gop-prosody": lazy_engine("phoneme_diff_service.services.assessor:GopProsodyEngine"),
}


def make_engine(settings: PhonemeDiffSettings, store: ArtifactStore) -> PhonemeDiffEngine:
    """MOCK_MODE → fixture engine; otherwise ``DIFF_ENGINE`` (default gop-prosody)."""
    engine: PhonemeDiffEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=fixture_factory(PhonemeDiffResponse, "mock_phoneme_diff.json"),
    )
    return engine
