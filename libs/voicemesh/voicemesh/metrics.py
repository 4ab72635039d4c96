"""``GET /metrics`` (Prometheus text format) on every service: request counts and latency by
prometheus-fastapi-instrumentator (its ``http_requests_total`` and
``http_request_duration_seconds`` by handler, method and status class) and the engine's load
time. Services add their own metrics with prometheus-client on the default registry."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from fastapi import FastAPI
from prometheus_client import Gauge
from prometheus_fastapi_instrumentator import Instrumentator, metrics

ENGINE_LOAD_SECONDS = Gauge(
    "voicemesh_engine_load_seconds",
    "Seconds the engine took to load and warm up (absent until loaded)",
    ["service", "engine"],
)
ENGINE_READY = Gauge("voicemesh_engine_ready", "1 once the engine is loaded", ["service"])


@cache
def _request_metrics() -> Callable[[metrics.Info], None]:
    """The instrumentator's default request metrics, registered once per process (a second
    registration would be a duplicate, which the instrumentator silently drops: apps built
    later in the same process, as in tests, would then record nothing)."""
    instrumentation = metrics.default()
    assert instrumentation is not None
    return instrumentation


def install_metrics(app: FastAPI, service: str) -> None:
    """Instrument every route and expose ``/metrics`` (kept out of the OpenAPI documents)."""
    Instrumentator(
        excluded_handlers=["/metrics", "/health", "/ready"],
        should_group_status_codes=True,
    ).add(_request_metrics()).instrument(app).expose(app, include_in_schema=False, tags=["ops"])
    ENGINE_READY.labels(service).set(0)


def engine_loaded(service: str, engine: str, load_s: float) -> None:
    ENGINE_LOAD_SECONDS.labels(service, engine).set(load_s)
    ENGINE_READY.labels(service).set(1)
