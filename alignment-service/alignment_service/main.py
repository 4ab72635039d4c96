"""alignment-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from alignment_service.routers import process
from alignment_service.services import make_engine
from alignment_service.settings import AlignmentSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.alignment import AlignmentRequest
from voicemesh.settings import load_settings


def create_app(settings: AlignmentSettings | None = None) -> FastAPI:
    return create_service_app(
        service="alignment-service",
        settings=settings or load_settings(AlignmentSettings),
        make_engine=make_engine,
        routers=[process.router],
        body_models=[AlignmentRequest],
        description="audio + expected words/phones → word/phone timestamps (seconds) + per-phone GOP.",
    )
