"""Engines of llm-service and the one place that picks one.

An engine turns chat messages into a stream of text pieces (tokens, as the model decodes them);
``stop`` is checked between pieces so a cancelled reply (the learner barged in, the client went
away) stops decoding at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Protocol

from llm_service.services.mock_engine import MockEngine
from llm_service.settings import LlmSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.llm import ChatMessage
from voicemesh.engine import Engine, lazy_engine, select_engine


class LlmEngine(Engine, Protocol):
    def stream(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: threading.Event,
    ) -> Iterator[str]: ...


ENGINES = {"llama": lazy_engine("llm_service.services.llama_engine:LlamaEngine")}


def make_engine(settings: LlmSettings, store: ArtifactStore) -> LlmEngine:
    """MOCK_MODE → :class:`MockEngine` (fixture reply); otherwise ``LLM_ENGINE``."""
    engine: LlmEngine = select_engine(
        settings, store, engines=ENGINES, engine_name=settings.engine, mock=MockEngine
    )
    return engine
