"""The engine interface, the fixture engine of MOCK_MODE, engine selection and the runner
that keeps inference off the event loop with a bounded queue.

An engine is loaded once (``load``: model weights, warm-up) and then answers ``process``
calls from worker threads. Each service declares a Protocol that narrows ``process`` to its
own contract; routes depend on the Protocol only, never on which engine is behind it.
Engine selection happens in one place, :func:`select_engine`, at start-up.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

import anyio
from pydantic import BaseModel

from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.common import AudioArtifact, EngineInfo
from voicemesh.errors import Overloaded
from voicemesh.mesh import ServiceSpec
from voicemesh.settings import ServiceSettings

R = TypeVar("R", bound=BaseModel)
T = TypeVar("T")


@runtime_checkable
class Engine(Protocol):
    """What every engine has. ``blocking`` False means ``process`` is cheap enough to run on
    the event loop (fixtures); True sends it to a worker thread."""

    info: EngineInfo
    blocking: bool

    def load(self) -> None: ...


class FixtureEngine(Generic[R]):
    """MOCK_MODE: answers every request with ``tests/data/<fixture>`` parsed through the real
    response model. Audio artifacts named in the fixture (``"id": "<file in fixtures dir>"``)
    are copied into the artifact store at load, so mock TTS/VC return real small audio."""

    blocking = False

    def __init__(self, response_model: type[R], fixture: Path, store: ArtifactStore) -> None:
        self.response_model = response_model
        self.fixture = fixture
        self.store = store
        self.info = EngineInfo(name="fixture", model=fixture.name, device="cpu")
        self._response: R | None = None
        self._response_json = b""

    def load(self) -> None:
        raw = json.loads(self.fixture.read_text())
        self._response = self.response_model.model_validate(self._materialize(raw))
        self._response_json = self._response.model_dump_json().encode()

    def _materialize(self, node: Any) -> Any:
        if isinstance(node, dict):
            if set(AudioArtifact.model_fields) >= set(node) >= {"id", "format", "sample_rate"}:
                source = self.fixture.parent / node["id"]
                if source.is_file():
                    new_id = self.store.put(source.read_bytes(), source.suffix.lstrip("."))
                    return {**node, "id": new_id, "url": self.store.url(new_id)}
            return {k: self._materialize(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self._materialize(v) for v in node]
        return node

    @property
    def response(self) -> R:
        if self._response is None:
            raise RuntimeError("fixture engine used before load()")
        return self._response

    def process(self, request: BaseModel) -> R:
        """A fresh copy of the fixture per call, re-parsed from its JSON: pydantic-core does
        that in ≈ 80 µs where ``model_copy(deep=True)`` (``copy.deepcopy``) takes ≈ 300 µs
        for the phoneme-diff fixture."""
        if not self._response_json:
            raise RuntimeError("fixture engine used before load()")
        return self.response_model.model_validate_json(self._response_json)


EngineFactory = Callable[[Any, ArtifactStore], Any]


def select_engine(
    settings: ServiceSettings,
    store: ArtifactStore,
    *,
    engines: Mapping[str, EngineFactory],
    engine_name: str,
    mock: EngineFactory,
) -> Any:
    """The one place that decides which engine a service runs: the fixture engine in
    MOCK_MODE, else the configured one. Unknown names fail at start-up."""
    if settings.mock_mode:
        return mock(settings, store)
    try:
        factory = engines[engine_name]
    except KeyError:
        raise SystemExit(
            f"unknown engine {engine_name!r}; choose one of {sorted(engines)}"
        ) from None
    return factory(settings, store)


def fixture_factory(service: ServiceSpec[Any, Any]) -> EngineFactory:
    """MOCK_MODE's factory for ``service``: its registry fixture through its response
    contract. ValueError for a service without a fixture."""
    if service.fixture is None:
        raise ValueError(f"{service.name} has no MOCK_MODE fixture in the registry")
    fixture, response_model = service.fixture, service.response

    def make(settings: ServiceSettings, store: ArtifactStore) -> FixtureEngine[Any]:
        return FixtureEngine(response_model, settings.fixtures_dir / fixture, store)

    return make


class EngineRunner:
    """Runs engine calls in worker threads: at most ``concurrency`` at once and at most
    ``queue`` waiting; beyond that, :class:`Overloaded` (503 + Retry-After)."""

    def __init__(self, concurrency: int, queue: int, *, retry_after_s: int = 1) -> None:
        self.limiter = anyio.CapacityLimiter(concurrency)
        self.capacity = concurrency + queue
        self.in_flight = 0
        self.retry_after_s = retry_after_s

    async def run(self, fn: Callable[..., T], *args: Any, blocking: bool = True) -> T:
        if not blocking:
            return fn(*args)
        if self.in_flight >= self.capacity:
            raise Overloaded(
                f"engine busy: {self.in_flight} requests in flight (limit {self.capacity})",
                retry_after_s=self.retry_after_s,
            )
        self.in_flight += 1
        try:
            return await anyio.to_thread.run_sync(fn, *args, limiter=self.limiter)
        finally:
            self.in_flight -= 1


def lazy_engine(target: str) -> EngineFactory:
    """A factory for ``"package.module:Class"``, imported only when selected, so GPU-only
    engines (WhisperX, XTTS, RVC, MFA) never import on a machine without them.
    The class is called as ``Class(settings, store)``."""

    def make(settings: ServiceSettings, store: ArtifactStore) -> Any:
        module_name, _, attr = target.partition(":")
        module = __import__(module_name, fromlist=[attr])
        return getattr(module, attr)(settings, store)

    return make


def engine_selector(
    engines: Mapping[str, EngineFactory], service: ServiceSpec[Any, Any]
) -> Callable[[Any, ArtifactStore], Any]:
    """A service's ``make_engine``: MOCK_MODE → the fixture engine serving the registry's
    fixture for ``service`` through its response contract; otherwise ``settings.engine``."""
    mock = fixture_factory(service)

    def make_engine(settings: Any, store: ArtifactStore) -> Any:
        return select_engine(
            settings, store, engines=engines, engine_name=settings.engine, mock=mock
        )

    return make_engine
