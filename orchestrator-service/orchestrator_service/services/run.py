"""Book-keeping of one ``/process`` request: stage timings, stage errors, bounded concurrency."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from typing import TypeVar

from voicemesh.clients import CallResult
from voicemesh.contracts.orchestrator import Stage, StageError, StageTiming
from voicemesh.errors import VoiceMeshError

T = TypeVar("T")
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
    """Runs stages of one request, recording a :class:`StageTiming` for each and a
    :class:`StageError` for each failure; a failed stage yields ``None``."""

    def __init__(self, limits: StageLimits) -> None:
        self.limits = limits
        self.started = time.perf_counter()
        self.timings: list[StageTiming] = []
        self.errors: list[StageError] = []
        self.failures: dict[Stage, VoiceMeshError] = {}

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    async def stage(self, stage: Stage, call: Awaitable[CallResult[T]]) -> T | None:
        async with self.limits.of(stage):
            start = self.elapsed()
            try:
                result = await call
            except VoiceMeshError as exc:
                self._record(stage, start, ok=False, server_s=None)
                self.failures[stage] = exc
                self.errors.append(
                    StageError(
                        stage=stage, code=exc.code, message=exc.message, retryable=exc.retryable
                    )
                )
                return None
        self._record(stage, start, ok=True, server_s=result.server_s)
        return result.value

    def fail_if_missing(self, stage: Stage) -> None:
        """Make a failed stage fatal: re-raise its error (the handler answers 4xx/5xx)."""
        if stage in self.failures:
            raise self.failures[stage]

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
