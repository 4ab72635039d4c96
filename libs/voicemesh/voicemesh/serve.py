"""Run one service with uvicorn (used by the launcher, Dockerfiles and developers)."""

from __future__ import annotations

import os
import signal
import threading
import time

import uvicorn

from voicemesh.mesh import spec
from voicemesh.settings import check_bind


def exit_with_parent(poll_s: float = 1.0) -> None:
    """Stop this service (SIGTERM to itself) when its parent process goes away, so a killed
    supervisor never leaves orphaned services holding the mesh's ports."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def serve(name: str, *, host: str | None = None, port: int | None = None) -> None:
    service = spec(name)
    prefix = service.env_prefix
    host = host or os.environ.get(f"{prefix}HOST", "127.0.0.1")
    port = port or int(os.environ.get(f"{prefix}PORT", service.port))
    check_bind(host, f"{prefix}HOST")
    if os.environ.get("VOICEMESH_EXIT_WITH_PARENT") == "1":
        exit_with_parent()
    uvicorn.run(
        service.app_factory,
        factory=True,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
    )
