"""Engines of asr-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.engine import Engine, engine_selector, lazy_engine
from voicemesh.mesh import ASR


class AsrEngine(Engine, Protocol):
    def process(self, request: AsrRequest) -> AsrResponse: ...


def transcribe(engine: AsrEngine, request: AsrRequest) -> AsrResponse:
    """``POST /process``: the route's call into the engine."""
    return engine.process(request)


ENGINES = {
    "faster-whisper": lazy_engine("asr_service.services.faster_whisper_engine:FasterWhisperEngine"),
    "whisperx": lazy_engine("asr_service.services.whisperx_engine:WhisperXEngine"),
}


# MOCK_MODE → the fixture engine; otherwise ``ASR_ENGINE``.
make_engine = engine_selector(ENGINES, ASR)
