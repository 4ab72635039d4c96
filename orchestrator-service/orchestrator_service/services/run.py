"""Book-keeping of one ``/process`` request: stage timings, stage errors, bounded concurrency."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Literal, TypeVar, overload

from pydantic import BaseModel

from voicemesh.clients import MeshClients
from voicemesh.contracts.orchestrator import Stage, StageError, StageTiming
from voicemesh.errors import VoiceMeshError
from voicemesh.mesh import ServiceSpec

Req = TypeVar("Req", bound=BaseModel)
Resp = TypeVar("Resp", bound=BaseModel)
log = logging.getLogger("orchestrator.stage")


class StageLimits:
    """One semaphore per stage, shared by all requests of the process."""

    def __init__(self, concurrency: int) -> None:
        self._concurrency = concurrency
        self._semaphores: dict[str, asyncio.Semaphore] = {}

    def of(self, stage: Stage) -> asyncio.Semaphore:
        if stage not in self._semaphores:
            self._semaphores[stage] = asyncio.Semaphore(self._concurrency)
        return self._semaphores[stage]


class PipelineRun:
    """Calls the services of one request, one stage each (the registry's ``stage`` name),
    recording a :class:`StageTiming` for each and a :class:`StageError` for each failure."""

    def __init__(self, clients: MeshClients, limits: StageLimits) -> None:
        self.clients = clients
        self.limits = limits
        self.started = time.perf_counter()
        self.timings: list[StageTiming] = []
        self.errors: list[StageError] = []

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @overload
    async def call(
        self, service: ServiceSpec[Req, Resp], request: Req, *, required: Literal[True]
    ) -> Resp: ...

    @overload
    async def call(
        self, service: ServiceSpec[Req, Resp], request: Req, *, required: bool = False
    ) -> Resp | None: ...

    async def call(
        self, service: ServiceSpec[Req, Resp], request: Req, *, required: bool = False
    ) -> Resp | None:
        """Call ``service`` within its stage's concurrency bound. A failure is recorded as a
        stage error; then a ``required`` stage re-raises it (the request fails with that
        error's status: nothing can be judged without the stage), any other yields None."""
        if service.stage is None:
            raise ValueError(f"{service.name} is not a pipeline stage")
        stage = service.stage
        async with self.limits.of(stage):
            start = self.elapsed()
            try:
                result = await self.clients.call(service, request)
            except VoiceMeshError as exc:
                self._record(stage, start, ok=False, server_s=None)
                self.errors.append(
                    StageError(
                        stage=stage, code=exc.code, message=exc.message, retryable=exc.retryable
                    )
                )
                if required:
                    raise
                return None
        self._record(stage, start, ok=True, server_s=result.server_s)
        return result.value

    def _record(self, stage: Stage, start: float, *, ok: bool, server_s: float | None) -> None:
        timing = StageTiming(
            stage=stage,
            start_s=round(start, 4),
            duration_s=round(self.elapsed() - start, 4),
            ok=ok,
            server_s=None if server_s is None else round(server_s, 4),
        )
        self.timings.append(timing)
        log.info("stage", extra=timing.model_dump())
