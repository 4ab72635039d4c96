"""The deadline of the request being served: a point on the monotonic clock after which the
request is lost anyway, so retries of its engine calls stop there (:mod:`voicemesh.clients`).
Set once per request by the orchestrator; a context variable, so concurrent requests each keep
their own."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("voicemesh_deadline", default=None)


@contextmanager
def deadline_in(seconds: float) -> Iterator[None]:
    """Within the block, :func:`remaining_s` counts down from ``seconds``."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining_s() -> float | None:
    """Seconds left before the current request's deadline (≥ 0), or None without one."""
    deadline = _deadline.get()
    return None if deadline is None else max(0.0, deadline - time.monotonic())
