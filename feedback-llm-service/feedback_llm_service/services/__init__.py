"""Engines of feedback-llm-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine

from feedback_llm_service.settings import FeedbackSettings


class FeedbackEngine(Engine, Protocol):
    def process(self, request: FeedbackRequest) -> FeedbackResponse: ...


ENGINES = {
    "rules": lazy_engine("feedback_llm_service.services.rules_engine:RulesEngine"),
    "openai": lazy_engine("feedback_llm_service.services.openai_engine:OpenAIEngine"),
}


def make_engine(settings: FeedbackSettings, store: ArtifactStore) -> FeedbackEngine:
    """MOCK_MODE → fixture engine; otherwise ``FEEDBACK_ENGINE`` (default rules)."""
    engine: FeedbackEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=fixture_factory(FeedbackResponse, "mock_feedback.json"),
    )
    return engine
