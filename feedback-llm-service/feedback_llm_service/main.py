"""feedback-llm-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from feedback_llm_service.routers import process
from feedback_llm_service.services import make_engine
from feedback_llm_service.settings import FeedbackSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.feedback import FeedbackRequest
from voicemesh.settings import load_settings


def create_app(settings: FeedbackSettings | None = None) -> FastAPI:
    return create_service_app(
        service="feedback-llm-service",
        settings=settings or load_settings(FeedbackSettings),
        make_engine=make_engine,
        routers=[process.router],
        body_models=[FeedbackRequest],
        description="pronunciation assessment → coaching JSON (summary, priorities, tips, drills).",
    )
