"""tts-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from tts_service.routers import process
from tts_service.services import make_engine
from tts_service.settings import TtsSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.tts import TtsRequest
from voicemesh.settings import load_settings


def create_app(settings: TtsSettings | None = None) -> FastAPI:
    return create_service_app(
        service="tts-service",
        settings=settings or load_settings(TtsSettings),
        make_engine=make_engine,
        routers=[process.router],
        body_models=[TtsRequest],
        description="text or phones with stress → model-pronunciation audio artifact.",
    )
