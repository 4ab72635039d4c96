"""voice-conversion-service app factory."""

from __future__ import annotations

from fastapi import FastAPI
from voicemesh.app import create_service_app
from voicemesh.contracts.voice_conversion import VoiceConversionRequest
from voicemesh.settings import load_settings

from voice_conversion_service.routers import process
from voice_conversion_service.services import make_engine
from voice_conversion_service.settings import VoiceConversionSettings


def create_app(settings: VoiceConversionSettings | None = None) -> FastAPI:
    return create_service_app(
        service="voice-conversion-service",
        settings=settings or load_settings(VoiceConversionSettings),
        make_engine=make_engine,
        routers=[process.router],
        body_models=[VoiceConversionRequest],
        description="model audio + learner voice → the model audio with the learner's pitch and vocal-tract length (not timbre cloning).",
    )
