"""What a job needs to run, in the API process or in a ``voicemesh worker``."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from orchestrator_service.db.engine import Sessions
from orchestrator_service.server_settings import ServerSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.errors import ArtifactNotFound
from voicemesh.storage import Storage


@dataclass
class JobContext:
    sessions: Sessions
    pipeline: Any  # orchestrator_service.services.pipeline.Pipeline
    artifacts: ArtifactStore
    storage: Storage
    server: ServerSettings

    async def ensure_local(self, artifact_id: str, storage_key: str) -> None:
        """Put a kept artifact back into the mesh's artifact store when it is not there (purged
        since, or this worker runs on another machine), so the services can read it."""
        try:
            self.artifacts.path(artifact_id)
            return
        except ArtifactNotFound:
            pass
        data = await asyncio.to_thread(self.storage.get, storage_key)
        path = self.artifacts.root / artifact_id
        tmp = path.with_name(f".{artifact_id}.restore.tmp")
        await asyncio.to_thread(tmp.write_bytes, data)
        tmp.replace(path)
