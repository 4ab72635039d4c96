"""Engines of phoneme-diff-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.engine import Engine, engine_selector, lazy_engine
from voicemesh.mesh import PHONEME_DIFF


class PhonemeDiffEngine(Engine, Protocol):
    def process(self, request: PhonemeDiffRequest) -> PhonemeDiffResponse: ...


def assess(engine: PhonemeDiffEngine, request: PhonemeDiffRequest) -> PhonemeDiffResponse:
    """``POST /process``: the route's call into the engine."""
    return engine.process(request)


ENGINES = {
    "gop-prosody": lazy_engine("phoneme_diff_service.services.gop_prosody_engine:GopProsodyEngine"),
}


# MOCK_MODE → the fixture engine; otherwise ``DIFF_ENGINE``.
make_engine = engine_selector(ENGINES, PHONEME_DIFF)
