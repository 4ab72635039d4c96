"""Engines of feedback-llm-service and the one place that picks one.

``FEEDBACK_ENGINE=openai`` needs an API key (``FEEDBACK_API_KEY`` or ``OPENAI_API_KEY``) unless
``FEEDBACK_BASE_URL`` points at a self-hosted server (Ollama, vLLM, llama.cpp: any host that is
not one of the hosted APIs in :data:`HOSTED_API_HOSTS`). Without either, the service logs a
warning at start-up and serves the rules engine, so it is still ready and still answers.
"""

from __future__ import annotations

import logging
from typing import Protocol
from urllib.parse import urlparse

from feedback_llm_service.settings import FeedbackSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine
from voicemesh.mesh import FEEDBACK

log = logging.getLogger(__name__)

# Hosted OpenAI-compatible APIs that always need a key.
HOSTED_API_HOSTS = (
    "api.openai.com",
    "generativelanguage.googleapis.com",
    "openai.azure.com",
    "openrouter.ai",
    "api.groq.com",
    "api.together.xyz",
    "api.mistral.ai",
    "api.deepseek.com",
)


class FeedbackEngine(Engine, Protocol):
    def process(self, request: FeedbackRequest) -> FeedbackResponse: ...


def coach(engine: FeedbackEngine, request: FeedbackRequest) -> FeedbackResponse:
    """``POST /process``: the route's call into the engine."""
    return engine.process(request)


ENGINES = {
    "rules": lazy_engine("feedback_llm_service.services.rules_engine:RulesEngine"),
    "openai": lazy_engine("feedback_llm_service.services.openai_engine:OpenAIEngine"),
}


def is_self_hosted(base_url: str | None) -> bool:
    """True for a base URL that is not a known hosted API (so it may need no key)."""
    if not base_url:
        return False
    host = (urlparse(base_url).hostname or "").lower()
    return bool(host) and not any(host == h or host.endswith("." + h) for h in HOSTED_API_HOSTS)


def engine_name(settings: FeedbackSettings) -> str:
    """The engine to run: ``settings.engine``, except openai without a key or a self-hosted
    server, which falls back to rules with a warning."""
    keyless = settings.api_key is None and not is_self_hosted(settings.base_url)
    if settings.engine == "openai" and not settings.mock_mode and keyless:
        log.warning(
            "FEEDBACK_ENGINE=openai but no API key (FEEDBACK_API_KEY or OPENAI_API_KEY) and "
            "no self-hosted FEEDBACK_BASE_URL: serving the rules engine",
            extra={"configured_engine": "openai", "engine": "rules"},
        )
        return "rules"
    return settings.engine


def make_engine(settings: FeedbackSettings, store: ArtifactStore) -> FeedbackEngine:
    """MOCK_MODE → fixture engine; otherwise ``FEEDBACK_ENGINE`` (default rules)."""
    engine: FeedbackEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=engine_name(settings),
        mock=fixture_factory(FEEDBACK),
    )
    return engine
