"""Engines of alignment-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.contracts.alignment import AlignmentRequest, AlignmentResponse
from voicemesh.engine import Engine, engine_selector, lazy_engine
from voicemesh.mesh import ALIGNMENT


class AlignmentEngine(Engine, Protocol):
    def process(self, request: AlignmentRequest) -> AlignmentResponse: ...


def align(engine: AlignmentEngine, request: AlignmentRequest) -> AlignmentResponse:
    """``POST /process``: the route's call into the engine."""
    return engine.process(request)


ENGINES = {
    "pocketsphinx": lazy_engine(
        "alignment_service.services.pocketsphinx_engine:PocketSphinxEngine"
    ),
    "mfa": lazy_engine("alignment_service.services.mfa_engine:MfaEngine"),
}


# MOCK_MODE → the fixture engine; otherwise ``ALIGN_ENGINE``.
make_engine = engine_selector(ENGINES, ALIGNMENT)
