"""Engines of alignment-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from alignment_service.settings import AlignmentSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.alignment import AlignmentRequest, AlignmentResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine


class AlignmentEngine(Engine, Protocol):
    def process(self, request: AlignmentRequest) -> AlignmentResponse: ...


ENGINES = {
    "pocketsphinx": lazy_engine(
        "alignment_service.services.pocketsphinx_engine:PocketSphinxEngine"
    ),
    "mfa": lazy_engine("alignment_service.services.mfa_engine:MfaEngine"),
}


def make_engine(settings: AlignmentSettings, store: ArtifactStore) -> AlignmentEngine:
    """MOCK_MODE → fixture engine; otherwise ``ALIGN_ENGINE`` (default pocketsphinx)."""
    engine: AlignmentEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=fixture_factory(AlignmentResponse, "mock_alignment.json"),
    )
    return engine
