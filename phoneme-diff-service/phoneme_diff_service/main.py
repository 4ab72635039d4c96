"""phoneme-diff-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from phoneme_diff_service.routers import process
from phoneme_diff_service.services import make_engine
from phoneme_diff_service.settings import PhonemeDiffSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest
from voicemesh.settings import load_settings


def create_app(settings: PhonemeDiffSettings | None = None) -> FastAPI:
    return create_service_app(
        service="phoneme-diff-service",
        settings=settings or load_settings(PhonemeDiffSettings),
        make_engine=make_engine,
        routers=[process.router],
        body_models=[PhonemeDiffRequest],
        description="expected vs aligned phones + prosody → phone/word errors, lexical stress verdicts, scores 0–100.",
    )
