"""The ``llama`` engine: a GGUF instruct model run by llama.cpp (llama-cpp-python bindings).

The chat template is the one stored in the GGUF (``tokenizer.chat_template``), which
llama-cpp-python renders with Jinja2. One reply is decoded at a time (a llama.cpp context is
not thread-safe); the service's engine queue holds the next ones. Threads are pinned
(``LLM_THREADS``, default 1: see settings) for prompt processing and decoding alike.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

from llm_service.model import bundled_model_path
from llm_service.settings import LlmSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.llm import ChatMessage

log = logging.getLogger(__name__)


class LlamaEngine:
    blocking = True

    def __init__(self, settings: LlmSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.info = EngineInfo(name="llama.cpp", model=settings.model_name, device="cpu")
        self._llama: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        from llama_cpp import Llama  # imported here: building the bindings is optional for tests

        path = self.settings.model_path or bundled_model_path()
        self._llama = Llama(
            model_path=str(path),
            n_ctx=self.settings.n_ctx,
            n_threads=self.settings.threads,
            n_threads_batch=self.settings.threads,
            verbose=False,
        )
        self.info = EngineInfo(name="llama.cpp", model=path.name, device="cpu")
        # One token: the forward pass pages the weights in and proves the model runs. A chat
        # turn as warm-up cost 0.7 s of CPU at start to make the first reply 0.1 s faster.
        self._llama.create_completion("Hi", max_tokens=1, temperature=0.0)

    def stream(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: threading.Event,
    ) -> Iterator[str]:
        """Text pieces of the reply as they decode; returns early once ``stop`` is set."""
        if self._llama is None:
            raise RuntimeError("llama engine used before load()")
        with self._lock:
            chunks = self._llama.create_chat_completion(
                messages=[m.model_dump() for m in messages],
                max_tokens=max_tokens,
                temperature=temperature,
                stream=True,
            )
            try:
                for chunk in chunks:
                    if stop.is_set():
                        return
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            finally:
                chunks.close()
