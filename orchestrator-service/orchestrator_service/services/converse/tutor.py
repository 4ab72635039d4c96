"""The chat tutor: replies written by an LLM behind any OpenAI-compatible API, streamed.

Same client pattern as feedback-llm-service's openai engine (the ``openai`` package, its
errors mapped to one failure type); here the answer streams, so the first phrase can be spoken
while the rest decodes. Privacy: nothing is logged but codes.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from types import ModuleType
from typing import TYPE_CHECKING, Any

from orchestrator_service.converse_settings import ConverseSettings
from voicemesh.errors import UpstreamError, UpstreamTimeout, UpstreamUnavailable
from voicemesh.internal_auth import mesh_token, token_headers

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)
_PLACEHOLDER_KEY = "no-key-needed"  # self-hosted servers ignore it; the client wants one

_LEVEL_STYLE = {
    "beginner": "Use very simple, common words and short sentences.",
    "intermediate": "Use everyday words and natural sentences.",
    "advanced": "Speak naturally, as to a fluent speaker.",
}
SYSTEM_PROMPT = (
    "You are a friendly English conversation partner helping a learner practise speaking. "
    "Reply to what the learner said in one or two short sentences (at most 30 words), then "
    "ask one short question to keep the conversation going. {style} Plain spoken English "
    "only: no lists, no emoji, no code."
)
CORRECTION_PROMPT = (
    " The learner mispronounced {correction}. Begin your reply with one short friendly "
    "sentence about it, then answer."
)


# One example exchange before the dialog: without it, Qwen2.5-0.5B often repeated the
# learner's sentence as its own (8 of 20 bench turns); see docs/benchmarks.md.
EXAMPLE = [
    {"role": "user", "content": "I like swimming in the sea."},
    {"role": "assistant", "content": "Swimming in the sea sounds lovely! How often do you go?"},
]


def system_message(level: str | None, correction: str | None) -> str:
    text = SYSTEM_PROMPT.format(style=_LEVEL_STYLE.get(level or "intermediate", ""))
    if correction:
        text += CORRECTION_PROMPT.format(correction=correction)
    return text


def _openai() -> ModuleType:
    """The ``openai`` package, imported on first use: its type modules cost ≈ 0.4 s of CPU
    (``python -X importtime``), which the orchestrator's start-up does not wait for;
    :meth:`Tutor.warm` imports it in the background once the service is up."""
    import openai

    return openai


class Tutor:
    def __init__(self, settings: ConverseSettings) -> None:
        self.settings = settings
        self._client: openai.AsyncOpenAI | None = None

    def warm(self) -> None:
        """Build the client now (blocking: run it in a thread)."""
        _ = self.client

    @property
    def client(self) -> openai.AsyncOpenAI:
        if self._client is None:
            self._client = self._new_client()
        return self._client

    def _new_client(self) -> openai.AsyncOpenAI:
        settings = self.settings
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return _openai().AsyncOpenAI(
            api_key=key or _PLACEHOLDER_KEY,
            base_url=settings.tutor_llm_url(),
            default_headers=token_headers(mesh_token(settings))
            if settings.tutor_llm_is_the_mesh()
            else None,
            timeout=settings.llm_timeout_s,
            max_retries=0,  # a retried turn would answer seconds late; the learner repeats
        )

    async def reply(
        self,
        history: list[dict[str, str]],
        user_text: str,
        *,
        level: str | None,
        correction: str | None,
    ) -> AsyncIterator[str]:
        """Text deltas of the reply. ``history`` holds earlier user/assistant messages.
        Raises UpstreamUnavailable (server unreachable), UpstreamTimeout, UpstreamError."""
        s = self.settings
        api = _openai()
        messages = [
            {"role": "system", "content": system_message(level, correction)},
            *EXAMPLE,
            *history,
            {"role": "user", "content": user_text},
        ]
        try:
            stream: openai.AsyncStream[Any] = await self.client.chat.completions.create(  # type: ignore[assignment]
                model=s.llm_model,
                messages=messages,  # type: ignore[arg-type]
                max_tokens=s.llm_max_tokens,
                temperature=s.llm_temperature,
                stream=True,
            )
            async with stream:
                async for chunk in stream:
                    if chunk.choices and (piece := chunk.choices[0].delta.content):
                        yield piece
        except api.APITimeoutError:
            raise UpstreamTimeout(f"llm: no answer within {s.llm_timeout_s:g} s") from None
        except api.APIConnectionError:
            raise UpstreamUnavailable("llm unreachable (could not connect)") from None
        except api.APIStatusError as exc:
            raise UpstreamError(f"llm: the server answered HTTP {exc.status_code}") from None
        except api.OpenAIError as exc:
            raise UpstreamError(f"llm: {type(exc).__name__}") from None
