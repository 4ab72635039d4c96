"""orchestrator-service app factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from orchestrator_service.routers import artifacts, converse, process
from orchestrator_service.services import make_engine
from orchestrator_service.services.converse.dialog import Dialogs
from orchestrator_service.services.converse.turn import CANNED, Conversation
from orchestrator_service.services.converse.tutor import Tutor
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.converse import ConverseRequest
from voicemesh.contracts.orchestrator import ProcessRequest
from voicemesh.settings import load_settings

log = logging.getLogger("orchestrator")


def create_app(settings: OrchestratorSettings | None = None) -> FastAPI:
    settings = settings or load_settings(OrchestratorSettings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async def purge_forever() -> None:
            while True:
                removed = await asyncio.to_thread(
                    app.state.store.purge, settings.artifact_retention_s
                )
                if removed:
                    log.info("purged expired artifacts", extra={"removed": removed})
                await asyncio.sleep(settings.purge_interval_s)

        purger = asyncio.create_task(purge_forever())
        app.state.conversation = Conversation(app.state.engine, Tutor(settings), app.state.store)
        app.state.dialogs = Dialogs(settings)
        # The greeting once (it warms TTS), then the phrases said without waiting for an LLM.
        fixed = [settings.greeting, *settings.acknowledgements, *CANNED.values()]
        warm = asyncio.create_task(app.state.conversation.warm(fixed if settings.warm_up else []))
        try:
            yield
        finally:
            purger.cancel()
            warm.cancel()
            await app.state.engine.clients.http.aclose()

    return create_service_app(
        service="orchestrator-service",
        settings=settings,
        make_engine=make_engine,
        routers=[process.router, converse.router, artifacts.router],
        body_models=[ProcessRequest, ConverseRequest],
        description="POST /process: a learner's recording (and optional target sentence) → "
        "which sounds and which syllable stress were wrong and how badly, a model "
        "pronunciation, the sentence in the learner's own voice, and coaching feedback. "
        "POST /converse and WS /converse/stream: spoken conversation practice with a tutor.",
        artifact_base_url=f"{settings.public_url.rstrip('/')}/artifacts",
        extra_lifespan=lifespan,
    )
