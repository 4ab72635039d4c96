"""The ``openai`` engine: coaching written by an LLM behind any OpenAI-compatible API.

Works with OpenAI, Gemini's OpenAI-compatible endpoint, Ollama, vLLM and llama.cpp's server
(``FEEDBACK_BASE_URL``, ``FEEDBACK_MODEL``). The prompt is built from the seven templates in
``prompts/`` and the rules engine's draft; the answer is requested as structured output
(``response_format`` json_schema, or json_object for servers without json_schema), validated,
repaired once if invalid, and otherwise replaced by the rules result with ``fallback_used``.
Privacy: no audio is sent; logs carry codes and counts, never the learner's text or the key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlparse

import httpx
import openai

from feedback_llm_service.coaching.compose import Draft
from feedback_llm_service.llm.prompt import REPAIR_REQUEST, build_messages
from feedback_llm_service.llm.schema import (
    InvalidAnswer,
    LLMFeedback,
    parse_answer,
    response_format,
)
from feedback_llm_service.services.rules_engine import RulesEngine
from feedback_llm_service.settings import FeedbackSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse

log = logging.getLogger(__name__)
Messages = list[dict[str, str]]
# Self-hosted servers ignore the key, but the client insists on one.
_PLACEHOLDER_KEY = "no-key-needed"


class LLMFailure(Exception):
    """The LLM gave no usable answer; ``code`` is logged, ``str(self)`` goes to fallback_reason."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


def _quiet_client_loggers() -> None:
    # Some openai client versions log request options (the prompt, with the learner's sentence)
    # at DEBUG; keep the client and transport loggers at WARNING whatever the service level.
    for name in ("openai", "httpx", "httpx2", "httpcore"):
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))


class OpenAIEngine:
    blocking = True

    def __init__(self, settings: FeedbackSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.rules = RulesEngine(settings, store)
        self.info = EngineInfo(name="openai", model=settings.model, device="remote")
        self.mode = "json_object" if settings.response_format == "json_object" else "json_schema"
        self._client: openai.OpenAI | None = None
        _quiet_client_loggers()

    def load(self) -> None:
        """Load the templates and build the client. No network call: the server is reached on
        the first request, and failures there fall back to the rules engine."""
        self.rules.load()
        key = (
            self.settings.api_key.get_secret_value() if self.settings.api_key else _PLACEHOLDER_KEY
        )
        # The mesh's HTTP library (httpx, mocked with respx in tests); the client accepts it.
        self._client = openai.OpenAI(
            api_key=key,
            base_url=self.settings.base_url,
            timeout=self.settings.timeout_s,
            max_retries=self.settings.max_retries,
            http_client=httpx.Client(timeout=self.settings.timeout_s),  # type: ignore[arg-type]
        )
        host = urlparse(self.settings.base_url or "https://api.openai.com/v1").hostname
        log.info(
            "openai engine configured",
            extra={"model": self.settings.model, "host": host, "response_format": self.mode},
        )

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            raise RuntimeError("openai engine used before load()")
        return self._client

    def process(self, request: FeedbackRequest) -> FeedbackResponse:
        draft = self.rules.draft(request)
        try:
            feedback = self._feedback(request, draft)
        except LLMFailure as exc:
            log.warning(
                "llm feedback failed; answering with the rules engine", extra={"reason": exc.code}
            )
            return draft.response.model_copy(
                update={"fallback_used": True, "fallback_reason": str(exc)}
            )
        log.info("feedback written by the llm", extra={"n_tips": len(feedback.tips)})
        return FeedbackResponse(**dict(feedback), engine=self.info)

    def _feedback(self, request: FeedbackRequest, draft: Draft) -> LLMFeedback:
        limits = self.rules.limits

        def messages(mode: str) -> Messages:
            return build_messages(self.rules.prompts, request, draft, limits, mode)

        content = self._complete(messages)
        try:
            return parse_answer(content, request.assessment, limits)
        except InvalidAnswer as exc:
            log.info(
                "llm answer invalid; asking for one repair", extra={"reason": "invalid_output"}
            )
            repair = [
                {"role": "assistant", "content": content or ""},
                {"role": "user", "content": REPAIR_REQUEST.format(errors=exc)},
            ]
            content = self._complete(lambda mode: [*messages(mode), *repair])
        try:
            return parse_answer(content, request.assessment, limits)
        except InvalidAnswer as exc:
            raise LLMFailure(
                "invalid_output", f"the LLM answer was invalid after one repair ({exc})"
            ) from None

    def _complete(self, messages: Callable[[str], Messages]) -> str | None:
        """One chat completion; on a server that rejects json_schema (400/422) in ``auto``
        mode, switch to json_object for good and ask again."""
        try:
            return self._call(messages(self.mode))
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            if self.mode != "json_schema" or self.settings.response_format != "auto":
                raise LLMFailure(
                    "upstream_error", f"the LLM server answered HTTP {exc.status_code}"
                ) from None
            log.warning(
                "llm server rejected json_schema output; switching to json_object",
                extra={"status": exc.status_code},
            )
            self.mode = "json_object"
        try:
            return self._call(messages(self.mode))
        except openai.APIStatusError as exc:
            raise LLMFailure(
                "upstream_error", f"the LLM server answered HTTP {exc.status_code}"
            ) from None

    def _call(self, messages: Messages) -> str | None:
        s = self.settings
        options: dict[str, object] = {"max_tokens": s.max_tokens}
        if s.temperature is not None:
            options["temperature"] = s.temperature
        try:
            completion = self.client.chat.completions.create(  # type: ignore[call-overload]
                model=s.model,
                messages=messages,
                response_format=response_format(self.mode),
                **options,
            )
        except (openai.BadRequestError, openai.UnprocessableEntityError):
            raise
        except openai.APITimeoutError:
            raise LLMFailure("timeout", f"no answer within {s.timeout_s:g} s") from None
        except openai.APIConnectionError:
            raise LLMFailure("connection_error", "could not reach the LLM server") from None
        except openai.RateLimitError:
            raise LLMFailure("rate_limited", "the LLM server answered HTTP 429") from None
        except openai.APIStatusError as exc:
            raise LLMFailure(
                "upstream_error", f"the LLM server answered HTTP {exc.status_code}"
            ) from None
        except openai.OpenAIError as exc:
            raise LLMFailure("upstream_error", type(exc).__name__) from None
        if not completion.choices:
            return None
        return completion.choices[0].message.content
