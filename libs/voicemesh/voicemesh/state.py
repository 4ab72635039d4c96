"""What a service app holds, behind one typed accessor: :func:`service_state`."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from starlette.applications import Starlette

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import AudioLimits
from voicemesh.engine import Engine, EngineRunner
from voicemesh.metrics import engine_loaded
from voicemesh.settings import ServiceSettings

log = logging.getLogger("voicemesh.app")


class EngineLoader:
    """Loads the engine once in a background thread; ``/ready`` reads this."""

    def __init__(self, engine: Engine, service: str = "") -> None:
        self.engine = engine
        self.service = service
        self.ready = threading.Event()
        self.error: str | None = None
        self.load_s: float | None = None

    def load(self) -> None:
        started = time.perf_counter()
        try:
            self.engine.load()
        except Exception as exc:  # reported on /ready and in the log; the launcher gives up
            self.error = f"{type(exc).__name__}: {exc}"
            log.exception("engine failed to load")
            return
        self.load_s = round(time.perf_counter() - started, 3)
        engine_loaded(self.service, self.engine.info.name, self.load_s)
        log.info("engine ready", extra={"engine": self.engine.info.name, "load_s": self.load_s})
        self.ready.set()


@dataclass(frozen=True)
class ServiceState:
    service: str  # e.g. asr-service
    settings: ServiceSettings
    store: ArtifactStore
    engine: Engine
    loader: EngineLoader
    runner: EngineRunner
    audio_limits: AudioLimits
    max_json_bytes: int  # JSON bodies over this are 413


def service_state(app: Starlette) -> ServiceState:
    """The state :func:`voicemesh.app.create_service_app` put on ``app``."""
    state: ServiceState = app.state.voicemesh
    return state
