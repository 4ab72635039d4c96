"""Run one service with uvicorn (used by the launcher, Dockerfiles and developers)."""

from __future__ import annotations

import os

import uvicorn

from voicemesh.mesh import spec


def serve(name: str, *, host: str | None = None, port: int | None = None) -> None:
    service = spec(name)
    prefix = service.env_prefix
    host = host or os.environ.get(f"{prefix}HOST", "127.0.0.1")
    port = port or int(os.environ.get(f"{prefix}PORT", service.port))
    uvicorn.run(
        service.app_factory,
        factory=True,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
    )
