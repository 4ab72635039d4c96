"""The embedded job runner: a bounded pool of asyncio workers in the orchestrator process that
claim queued rows of the Job table (a conditional UPDATE, so two processes sharing one database
never run a job twice) and run them. Jobs left ``running`` by a server that died are queued
again at start-up."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import select, update

from orchestrator_service.db.models import Job
from orchestrator_service.jobs.context import JobContext
from orchestrator_service.jobs.execute import execute

log = logging.getLogger("orchestrator.jobs")
POLL_S = 1.0


class InProcessQueue:
    name = "in-process"

    def __init__(self, ctx: JobContext, workers: int) -> None:
        self.ctx = ctx
        self.workers = workers
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        async with self.ctx.sessions() as db:
            await db.execute(
                update(Job).where(Job.status.in_(("running", "claimed"))).values(status="queued")
            )
            await db.commit()
        self._tasks = [asyncio.create_task(self._work(i)) for i in range(self.workers)]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def submit(self, job_id: str) -> None:
        self._wake.set()

    async def _claim(self) -> str | None:
        async with self.ctx.sessions() as db:
            candidates = (
                await db.scalars(
                    select(Job.id).where(Job.status == "queued").order_by(Job.created_at).limit(4)
                )
            ).all()
            for job_id in candidates:
                claimed = await db.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status == "queued")
                    .values(status="claimed")
                )
                await db.commit()
                if claimed.rowcount == 1:  # type: ignore[attr-defined]
                    return job_id
        return None

    async def _work(self, index: int) -> None:
        while True:
            try:
                job_id = await self._claim()
            except Exception:
                log.exception("job claim failed")
                job_id = None
            if job_id is None:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), POLL_S)
                continue
            await execute(self.ctx, job_id)
