"""MOCK_MODE: the reply in ``tests/data/mock_llm.json``, streamed word by word."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

from llm_service.settings import LlmSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.llm import ChatMessage


class MockEngine:
    blocking = False

    def __init__(self, settings: LlmSettings, store: ArtifactStore) -> None:
        self.fixture = settings.fixtures_dir / "mock_llm.json"
        self.info = EngineInfo(name="fixture", model=self.fixture.name, device="cpu")
        self.reply = ""

    def load(self) -> None:
        self.reply = json.loads(self.fixture.read_text())["reply"]

    def stream(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: threading.Event,
    ) -> Iterator[str]:
        for i, word in enumerate(self.reply.split(" ")[:max_tokens]):
            if stop.is_set():
                return
            yield word if i == 0 else f" {word}"
