from __future__ import annotations

import threading

import anyio
import pytest

from voicemesh.engine import EngineRunner
from voicemesh.errors import Overloaded

pytestmark = pytest.mark.anyio


async def test_runs_off_the_event_loop() -> None:
    runner = EngineRunner(concurrency=1, queue=1)
    loop_thread = threading.get_ident()
    assert await runner.run(threading.get_ident) != loop_thread


async def test_beyond_capacity_is_overloaded_with_retry_after() -> None:
    runner = EngineRunner(concurrency=1, queue=1, retry_after_s=2)
    release = threading.Event()
    results: list[object] = []

    async def call() -> None:
        try:
            results.append(await runner.run(release.wait, 5))
        except Overloaded as exc:
            results.append(exc)

    async with anyio.create_task_group() as tg:
        for _ in range(3):
            tg.start_soon(call)
        await anyio.sleep(0.2)
        release.set()
    rejected = [r for r in results if isinstance(r, Overloaded)]
    assert len(rejected) == 1 and rejected[0].headers["Retry-After"] == "2"
    assert results.count(True) == 2
