"""asr-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from asr_service.routers import process
from asr_service.services import make_engine
from asr_service.settings import AsrSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.asr import AsrRequest
from voicemesh.settings import load_settings


def create_app(settings: AsrSettings | None = None) -> FastAPI:
    return create_service_app(
        service="asr-service",
        settings=settings or load_settings(AsrSettings),
        make_engine=make_engine,
        routers=[process.router],
        body_models=[AsrRequest],
        description="audio → transcript + word timestamps (seconds) with confidence.",
    )
