"""What a service app holds, behind one typed accessor: :func:`service_state`."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.applications import Starlette

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import AudioLimits
from voicemesh.engine import Engine, EngineRunner
from voicemesh.metrics import engine_loaded
from voicemesh.settings import ServiceSettings

log = logging.getLogger("voicemesh.app")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while an engine loads, then freeze what it
    loaded. Loading builds hundreds of thousands of long-lived objects (CMUdict's 135k entries
    and the search index, model metadata), and the collector would traverse them again at
    every collection while they are made: a third of phoneme-map's load. Afterwards
    ``gc.freeze()`` moves every object alive to the permanent generation, so later full
    collections (in a request) skip the loaded engine instead of scanning it. Objects are still
    freed by reference counting; only cyclic garbage made during the load stays."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()


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
            with collector_paused():
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
