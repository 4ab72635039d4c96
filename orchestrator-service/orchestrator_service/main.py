"""orchestrator-service app factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from orchestrator_service.routers import (
    artifacts,
    attempts,
    auth,
    config,
    converse,
    jobs,
    practice,
    process,
    voices,
)
from orchestrator_service.schemas import JobCreate, SampleUpload
from orchestrator_service.server_settings import ServerSettings
from orchestrator_service.services import make_engine
from orchestrator_service.services.converse.dialog import Dialogs
from orchestrator_service.services.converse.state import ConverseState
from orchestrator_service.services.converse.turn import CANNED, Conversation
from orchestrator_service.services.converse.tutor import Tutor
from orchestrator_service.services.pipeline import Pipeline
from orchestrator_service.services.practice import PracticeCatalog, Seeds
from orchestrator_service.settings import OrchestratorSettings
from orchestrator_service.state import server_state
from orchestrator_service.web import mount_web_app
from voicemesh.app import create_service_app
from voicemesh.contracts.converse import ConverseRequest
from voicemesh.contracts.orchestrator import ProcessRequest
from voicemesh.limits import Admission
from voicemesh.settings import SettingsError, is_loopback, load_settings
from voicemesh.state import service_state
from voicemesh.supervision import read_failed

log = logging.getLogger("orchestrator")


def create_app(
    settings: OrchestratorSettings | None = None, server: ServerSettings | None = None
) -> FastAPI:
    settings = settings or load_settings(OrchestratorSettings)
    server = server or load_settings(ServerSettings)
    if server.auth == "off" and not is_loopback(settings.host):
        raise SettingsError(
            f"VOICEMESH_AUTH=off lets anyone act as the admin: only with a loopback "
            f"ORCHESTRATOR_HOST, not {settings.host!r}"
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = service_state(app)
        assert isinstance(state.engine, Pipeline)

        async def purge_forever() -> None:
            while True:
                removed = await asyncio.to_thread(
                    state.store.purge,
                    settings.artifact_retention_s,
                    settings.artifact_max_bytes,
                )
                if removed:
                    log.info("purged expired artifacts", extra={"removed": removed})
                await asyncio.sleep(settings.purge_interval_s)

        async with state.engine.clients:  # the mesh's HTTP client lives as long as the app
            tutor = Tutor(settings)
            conversation = Conversation(state.engine, tutor, state.store)
            app.state.converse = ConverseState(conversation, Dialogs(settings), settings)
            fixed = [settings.greeting, *settings.acknowledgements, *CANNED.values()]

            async def warm_conversation() -> None:
                # The greeting once (it warms TTS), then the phrases said without waiting for
                # an LLM; then the tutor's client, off the start-up path.
                await conversation.warm(fixed if settings.warm_up else [])
                await asyncio.to_thread(tutor.warm)

            tasks = [
                asyncio.create_task(purge_forever()),
                asyncio.create_task(warm_conversation()),
            ]
            try:
                async with server_state(app, server, settings.purge_interval_s):
                    yield
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

    app = create_service_app(
        service="orchestrator-service",
        settings=settings,
        make_engine=make_engine,
        routers=[
            process.router,
            converse.router,
            artifacts.router,
            practice.router,
            auth.router,
            attempts.router,
            voices.router,
            jobs.router,
            config.router,
        ],
        body_models=[ProcessRequest, ConverseRequest, JobCreate, SampleUpload],
        description="POST /process: a learner's recording (and optional target sentence) → "
        "which sounds and which syllable stress were wrong and how badly, a model "
        "pronunciation, the sentence in the learner's own voice, and coaching feedback. "
        "POST /converse and WS /converse/stream: spoken conversation practice with a tutor. "
        "Stored per user (attempts, progress, voices, jobs) behind API keys or sessions.",
        artifact_base_url=f"{settings.public_url.rstrip('/')}/artifacts",
        extra_lifespan=lifespan,
        internal=False,
        admission=Admission(in_flight=settings.max_in_flight, queued=settings.max_queued),
        failed_services=lambda: sorted(read_failed(settings.supervision_file)),
    )
    app.state.practice = PracticeCatalog(Seeds.load())
    mount_web_app(app, settings.web_dir)  # last: every route above keeps priority over it
    return app
