"""The job context of a ``voicemesh worker`` thread: its own database pool, storage and mesh
clients (the same pipeline the orchestrator runs), configured from the same environment."""

from __future__ import annotations

from orchestrator_service.db.engine import make_engine, make_sessions
from orchestrator_service.jobs.context import JobContext
from orchestrator_service.server_settings import ServerSettings
from orchestrator_service.services import make_engine as make_pipeline
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.settings import load_settings
from voicemesh.storage import open_storage


async def make_worker_context(server: ServerSettings) -> JobContext:
    settings = load_settings(OrchestratorSettings)
    store = ArtifactStore(
        settings.artifact_dir, public_base_url=f"{settings.public_url.rstrip('/')}/artifacts"
    )
    return JobContext(
        sessions=make_sessions(make_engine(server.database_url)),
        pipeline=make_pipeline(settings, store),
        artifacts=store,
        storage=open_storage(server.storage_url, server.storage_dir),
        server=server,
    )
