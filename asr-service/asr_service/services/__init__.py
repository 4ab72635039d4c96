"""Engines of asr-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine


class AsrEngine(Engine, Protocol):
    def process(self, request: AsrRequest) -> AsrResponse: ...


ENGINES = {
    "faster-whisper": lazy_engine("asr_service.services.faster_whisper_engine:FasterWhisperEngine"),
    "whisperx": lazy_engine("asr_service.services.whisperx_engine:WhisperXEngine"),
}


def make_engine(settings: AsrSettings, store: ArtifactStore) -> AsrEngine:
    """MOCK_MODE → fixture engine; otherwise ``ASR_ENGINE`` (default faster-whisper)."""
    engine: AsrEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=fixture_factory(AsrResponse, "mock_asr.json"),
    )
    return engine
