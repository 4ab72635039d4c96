"""The app factory every service uses: settings, logging, artifact store, engine loaded in the
background, ``/health`` (liveness), ``/ready`` (503 until the engine is loaded and warmed),
request ids, structured errors, the internal token (engine services), body limits, admission
control (the orchestrator), ``/metrics`` (Prometheus) and the OpenAPI document."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException

from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.common import Contract, EngineInfo
from voicemesh.engine import EngineRunner
from voicemesh.errors import ErrorBody, ErrorDetail, VoiceMeshError, describe_validation_errors
from voicemesh.internal_auth import InternalAuthMiddleware, required_token
from voicemesh.limits import Admission, AdmissionControl, BodySizeLimit
from voicemesh.logs import configure_logging
from voicemesh.metrics import install_metrics
from voicemesh.requestid import RequestIdMiddleware, current_request_id
from voicemesh.settings import ServiceSettings
from voicemesh.state import EngineLoader, ServiceState

log = logging.getLogger("voicemesh.app")
S = TypeVar("S", bound=ServiceSettings)


class Health(Contract):
    status: str
    service: str


class Readiness(Contract):
    status: str
    service: str
    engine: EngineInfo | None = None
    load_s: float | None = None
    error: str | None = None
    # Services the supervisor gave up on (orchestrator only; see voicemesh.supervision).
    failed_services: list[str] | None = None


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, request_id=current_request_id()))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VoiceMeshError)
    async def _voicemesh(_: Request, exc: VoiceMeshError) -> JSONResponse:
        if exc.status_code >= 500:
            log.warning("request failed", extra={"code": exc.code, "status": exc.status_code})
        return error_response(exc.status_code, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "validation_error", describe_validation_errors(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"error_type": type(exc).__name__})
        return error_response(500, "internal_error", "internal error; see the service log")


def create_service_app(
    *,
    service: str,
    settings: S,
    make_engine: Callable[[S, ArtifactStore], Any],
    routers: Sequence[APIRouter],
    body_models: Sequence[type[BaseModel]] = (),
    description: str = "",
    artifact_base_url: str | None = None,
    extra_lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]] | None = None,
    internal: bool = True,
    admission: Admission | None = None,
    failed_services: Callable[[], list[str]] | None = None,
) -> FastAPI:
    """Build a service app. ``make_engine`` is the service's engine selection (see
    :func:`voicemesh.engine.select_engine`); ``body_models`` are documented in OpenAPI;
    ``extra_lifespan`` wraps the app's life (open clients, start background tasks).
    ``internal``: only callers with the mesh's token (:mod:`voicemesh.internal_auth`) reach
    it. ``admission`` caps requests in flight and queued. ``failed_services`` lists services
    the supervisor gave up on; while any is, ``/ready`` is 503 ``degraded`` naming them.
    Raises SettingsError (exits) when an internal service has no token."""
    configure_logging(service, settings.log_level)
    token = required_token(settings) if internal else None
    store = ArtifactStore(settings.artifact_dir, public_base_url=artifact_base_url)
    engine = make_engine(settings, store)
    state = EngineLoader(engine, service)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=state.load, name=f"{service}-engine-load", daemon=True).start()
        async with extra_lifespan(app) if extra_lifespan else nullcontext():
            yield

    app = FastAPI(
        title=service,
        version="0.1.0",
        description=description,
        lifespan=lifespan,
        responses={
            400: {"model": ErrorBody, "description": "malformed body or artifact reference"},
            **(
                {401: {"model": ErrorBody, "description": "missing or wrong internal token"}}
                if internal
                else {}
            ),
            404: {"model": ErrorBody, "description": "unknown artifact or route"},
            413: {"model": ErrorBody, "description": "body, upload or audio too large"},
            415: {"model": ErrorBody, "description": "content type not accepted"},
            422: {"model": ErrorBody, "description": "validation error"},
            503: {"model": ErrorBody, "description": "engine not ready or overloaded"},
        },
    )
    audio_limits = settings.audio_limits()
    max_json_bytes = int(settings.max_json_mb * 1024 * 1024)
    app.state.voicemesh = ServiceState(
        service=service,
        settings=settings,
        store=store,
        engine=engine,
        loader=state,
        runner=EngineRunner(settings.engine_concurrency, settings.engine_queue),
        audio_limits=audio_limits,
        max_json_bytes=max_json_bytes,
    )
    # Outermost last: request id, then the token, then admission, then the body limit.
    multipart_slack = 64 * 1024
    app.add_middleware(
        BodySizeLimit,
        max_bytes=max(audio_limits.max_bytes, max_json_bytes) + multipart_slack,
    )
    if admission is not None:
        app.add_middleware(AdmissionControl, admission=admission)
    if token:
        app.add_middleware(InternalAuthMiddleware, token=token)
    app.add_middleware(RequestIdMiddleware)
    install_error_handlers(app)
    install_metrics(app, service)

    @app.get("/health", response_model=Health, tags=["ops"])
    async def health() -> Health:
        """Liveness: the process answers. 200 as soon as the server runs."""
        return Health(status="ok", service=service)

    @app.get(
        "/ready", response_model=Readiness, tags=["ops"], responses={503: {"model": Readiness}}
    )
    async def ready() -> Any:
        """Readiness: 200 once the engine is loaded and warmed, 503 before (or if it failed),
        and 503 ``degraded`` with ``failed_services`` while the supervisor has given up on a
        service this one calls."""
        failed = failed_services() if failed_services else []
        ok = state.ready.is_set() and not failed
        status = "ready" if ok else ("failed" if state.error else "loading")
        if state.ready.is_set() and failed:
            status = "degraded"
        body = Readiness(
            status=status,
            service=service,
            engine=engine.info,
            load_s=state.load_s,
            error=state.error or (f"failed services: {', '.join(failed)}" if failed else None),
            failed_services=failed or None,
        )
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    for router in routers:
        app.include_router(router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        if body_models:
            _, defs = models_json_schema(
                [(m, "validation") for m in body_models],
                ref_template="#/components/schemas/{model}",
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, model_schema in defs.get("$defs", {}).items():
                components.setdefault(name, model_schema)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
