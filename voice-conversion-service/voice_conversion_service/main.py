"""voice-conversion-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from voice_conversion_service.profile_store import ProfileStore
from voice_conversion_service.routers import process, profiles
from voice_conversion_service.services import make_engine
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.voice_conversion import ProfileRequest, VoiceConversionRequest
from voicemesh.settings import load_settings


def create_app(settings: VoiceConversionSettings | None = None) -> FastAPI:
    settings = settings or load_settings(VoiceConversionSettings)
    app = create_service_app(
        service="voice-conversion-service",
        settings=settings,
        make_engine=make_engine,
        routers=[process.router, profiles.router],
        body_models=[VoiceConversionRequest, ProfileRequest],
        description="model audio + learner voice → the model audio with the learner's pitch "
        "and vocal-tract length (not timbre cloning).",
    )
    app.state.profiles = ProfileStore(settings.profile_root(), rvc_model_dir=settings.rvc_model_dir)
    return app
