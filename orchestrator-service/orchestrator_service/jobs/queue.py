"""The interface both job runners implement."""

from __future__ import annotations

from typing import Protocol


class JobQueue(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def submit(self, job_id: str) -> None:
        """The Job row is committed; have a worker run it."""
