"""The server side of the orchestrator's life: migrate the database, register the local admin,
open storage, start the job runner and the purge/metrics loops — and close them again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import delete, func, select

from orchestrator_service.auth.local import ensure_local_admin
from orchestrator_service.auth.sessions import SessionSigner, load_secret
from orchestrator_service.db.engine import Sessions, make_engine, make_sessions
from orchestrator_service.db.migrate import upgrade
from orchestrator_service.db.models import JOB_STATUSES, Job, StoredArtifact, utcnow
from orchestrator_service.history.record import delete_unreferenced
from orchestrator_service.jobs.context import JobContext
from orchestrator_service.jobs.pool import InProcessQueue
from orchestrator_service.jobs.queue import JobQueue
from orchestrator_service.metrics import set_job_counts
from orchestrator_service.server_settings import ServerSettings
from orchestrator_service.services.pipeline import Pipeline
from voicemesh.paths import state_dir
from voicemesh.state import service_state
from voicemesh.storage import Storage, open_storage

log = logging.getLogger("orchestrator.server")
METRICS_INTERVAL_S = 5.0


def make_queue(ctx: JobContext, server: ServerSettings) -> JobQueue:
    if server.queue_url:
        from orchestrator_service.jobs.redis_queue import RedisQueue

        return RedisQueue(server)
    return InProcessQueue(ctx, server.workers)


@contextlib.asynccontextmanager
async def server_state(
    app: FastAPI, server: ServerSettings, purge_interval_s: float
) -> AsyncIterator[None]:
    await asyncio.to_thread(upgrade, server.database_url)
    engine = make_engine(server.database_url)
    sessions = make_sessions(engine)
    storage = await asyncio.to_thread(open_storage, server.storage_url, server.storage_dir)
    secret = (
        server.session_secret.get_secret_value()
        if server.session_secret
        else load_secret(state_dir() / "session.secret")
    )
    admin = await ensure_local_admin(sessions, server.local_key_file)
    mesh_state = service_state(app)
    assert isinstance(mesh_state.engine, Pipeline)
    ctx = JobContext(sessions, mesh_state.engine, mesh_state.store, storage, server)
    queue = make_queue(ctx, server)
    app.state.server = server
    app.state.sessions = sessions
    app.state.storage = storage
    app.state.session_secret = secret
    app.state.session_signer = SessionSigner(secret, server.session_max_age_s)
    app.state.local_admin = admin
    app.state.jobs = queue
    await queue.start()

    async def purge_forever() -> None:
        while True:
            try:
                removed = await purge_expired(sessions, storage, server.retention_days)
                if removed:
                    log.info("purged expired stored audio", extra={"removed": removed})
            except Exception:
                log.exception("purge failed")
            await asyncio.sleep(purge_interval_s)

    async def job_metrics_forever() -> None:
        while True:
            try:
                async with sessions() as db:
                    rows = (
                        await db.execute(select(Job.status, func.count()).group_by(Job.status))
                    ).all()
                set_job_counts({status: n for status, n in rows}, JOB_STATUSES)
            except Exception:
                log.exception("job metrics failed")
            await asyncio.sleep(METRICS_INTERVAL_S)

    tasks = [asyncio.create_task(purge_forever()), asyncio.create_task(job_metrics_forever())]
    log.info(
        "server ready",
        extra={"auth": server.auth, "queue": queue.name, "storage": storage.describe()},
    )
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        # Wait until they have let go of their database connection: with SQLite's single
        # pooled connection, disposing the engine under a cancelled query could wait forever.
        await asyncio.gather(*tasks, return_exceptions=True)
        await queue.stop()
        await engine.dispose()


async def purge_expired(sessions: Sessions, storage: Storage, retention_days: float) -> int:
    """Delete stored audio older than the retention period (rows and objects); the attempts
    (scores, words) stay for history."""
    cutoff = utcnow() - timedelta(days=retention_days)
    async with sessions() as db:
        keys = (
            await db.scalars(
                select(StoredArtifact.storage_key).where(StoredArtifact.created_at < cutoff)
            )
        ).all()
        await db.execute(delete(StoredArtifact).where(StoredArtifact.created_at < cutoff))
        await db.commit()
        return await delete_unreferenced(db, storage, keys)
