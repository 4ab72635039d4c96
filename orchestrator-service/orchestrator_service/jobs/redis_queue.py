"""Jobs over Redis with Dramatiq (``VOICEMESH_QUEUE_URL=redis://…``). The API process only
enqueues job ids; ``voicemesh worker`` processes on any machine run them. Dramatiq's Redis
broker acknowledges a message after the actor returns, and a worker whose heartbeat stops for
``VOICEMESH_QUEUE_HEARTBEAT_MS`` (killed, machine lost) has its unacknowledged messages put back
on the queue by the broker's maintenance, so another worker runs the job; :mod:`execute` resumes
a half-done batch."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from orchestrator_service.server_settings import ServerSettings

QUEUE = "voicemesh-jobs"
ACTOR = "voicemesh_run_job"
SIX_HOURS_MS = 6 * 3600 * 1000


def make_broker(settings: ServerSettings) -> RedisBroker:
    assert settings.queue_url
    return RedisBroker(
        url=settings.queue_url,
        namespace="voicemesh",
        heartbeat_timeout=settings.queue_heartbeat_ms,
        maintenance_chance=settings.queue_maintenance_chance,
    )


def declare_actor(broker: RedisBroker, run: Any) -> dramatiq.Actor[Any, Any]:
    """``run(job_id)`` is what a worker does with a message (None in the API process, which
    only sends)."""

    def voicemesh_run_job(job_id: str) -> None:
        if run is None:
            raise RuntimeError("the API process does not run jobs")
        run(job_id)

    decorate = dramatiq.actor(
        broker=broker,
        actor_name=ACTOR,
        queue_name=QUEUE,
        max_retries=3,
        time_limit=SIX_HOURS_MS,
    )
    return decorate(voicemesh_run_job)


class RedisQueue:
    name = "redis"

    def __init__(self, settings: ServerSettings) -> None:
        self.broker = make_broker(settings)
        self.actor = declare_actor(self.broker, None)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        await asyncio.to_thread(self.broker.close)

    async def submit(self, job_id: str) -> None:
        await asyncio.to_thread(self.actor.send, job_id)


class ThreadLoops:
    """One event loop (and job context) per Dramatiq worker thread, reused across messages so
    database pools and HTTP connections are too."""

    def __init__(self, make_context: Any) -> None:
        self._local = threading.local()
        self._make_context = make_context

    def run(self, job_id: str) -> None:
        from orchestrator_service.jobs.execute import execute

        local = self._local
        if not hasattr(local, "loop"):
            local.loop = asyncio.new_event_loop()
            local.ctx = local.loop.run_until_complete(self._make_context())
        local.loop.run_until_complete(execute(local.ctx, job_id))
