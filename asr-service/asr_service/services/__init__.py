"""Engines of asr-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.engine import Engine, engine_selector, lazy_engine


class AsrEngine(Engine, Protocol):
    def process(self, request: AsrRequest) -> AsrResponse: ...


ENGINES = {
    "faster-whisper": lazy_engine("asr_service.services.faster_whisper_engine:FasterWhisperEngine"),
    "whisperx": lazy_engine("asr_service.services.whisperx_engine:WhisperXEngine"),
}


# MOCK_MODE → the fixture engine; otherwise ``ASR_ENGINE``.
make_engine = engine_selector(ENGINES, AsrResponse, "mock_asr.json")
