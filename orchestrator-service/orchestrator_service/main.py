"""orchestrator-service app factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from orchestrator_service.routers import artifacts, process
from orchestrator_service.services import make_engine
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.orchestrator import ProcessRequest
from voicemesh.limits import Admission
from voicemesh.settings import load_settings
from voicemesh.supervision import read_failed

log = logging.getLogger("orchestrator")


def create_app(settings: OrchestratorSettings | None = None) -> FastAPI:
    settings = settings or load_settings(OrchestratorSettings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async def purge_forever() -> None:
            while True:
                removed = await asyncio.to_thread(
                    app.state.store.purge,
                    settings.artifact_retention_s,
                    settings.artifact_max_bytes,
                )
                if removed:
                    log.info("purged expired artifacts", extra={"removed": removed})
                await asyncio.sleep(settings.purge_interval_s)

        purger = asyncio.create_task(purge_forever())
        try:
            yield
        finally:
            purger.cancel()
            await app.state.engine.clients.http.aclose()

    return create_service_app(
        service="orchestrator-service",
        settings=settings,
        make_engine=make_engine,
        routers=[process.router, artifacts.router],
        body_models=[ProcessRequest],
        description="POST /process: a learner's recording (and optional target sentence) → "
        "which sounds and which syllable stress were wrong and how badly, a model "
        "pronunciation, the sentence in the learner's own voice, and coaching feedback.",
        artifact_base_url=f"{settings.public_url.rstrip('/')}/artifacts",
        extra_lifespan=lifespan,
        internal=False,
        admission=Admission(in_flight=settings.max_in_flight, queued=settings.max_queued),
        failed_services=lambda: sorted(read_failed(settings.supervision_file)),
    )
