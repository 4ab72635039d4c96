"""phoneme-map-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from phoneme_map_service.routers import process, search
from phoneme_map_service.services import make_engine
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.phoneme_map import PatternSearchRequest, PhonemeMapRequest
from voicemesh.settings import load_settings


def create_app(settings: PhonemeMapSettings | None = None) -> FastAPI:
    return create_service_app(
        service="phoneme-map-service",
        settings=settings or load_settings(PhonemeMapSettings),
        make_engine=make_engine,
        routers=[process.router, search.router],
        body_models=[PhonemeMapRequest, PatternSearchRequest],
        description="text → ARPAbet phones with lexical stress, syllables and IPA for every word; "
        "pattern and minimal-pair search over the dictionary (POST /search).",
    )
