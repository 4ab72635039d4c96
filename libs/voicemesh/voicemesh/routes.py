"""The engine routes every service exposes (``POST /process`` and the like), built from the
contract and typed end to end: request model → the service's engine Protocol → response model.

No ``from __future__ import annotations`` here: FastAPI must see the endpoint's annotations as
objects, because ``Depends(parse)`` refers to a local of :func:`engine_route`."""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar, cast

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from voicemesh.body import body_of, body_openapi
from voicemesh.deps import EngineDep, RunnerDep
from voicemesh.engine import Engine

Req = TypeVar("Req", bound=BaseModel)
Resp = TypeVar("Resp", bound=BaseModel)
E = TypeVar("E", bound=Engine)


def engine_route(
    router: APIRouter,
    path: str,
    request_model: type[Req],
    response_model: type[Resp],
    call: Callable[[E, Req], Resp],
    *,
    files: tuple[str, ...] = (),
    summary: str,
    description: str,
) -> None:
    """Add ``POST path`` to ``router``: parse ``request_model`` from JSON or multipart (files in
    ``files`` become artifact ids), run ``call(engine, request)`` — typed by the service's
    engine Protocol, e.g. ``def transcribe(engine: AsrEngine, request: AsrRequest)`` — in a
    worker thread through the EngineRunner (503 + Retry-After beyond its queue), answer
    ``response_model``."""
    parse = body_of(request_model)

    async def endpoint(
        body: Annotated[Any, Depends(parse)], engine: EngineDep, runner: RunnerDep
    ) -> Any:
        return await runner.run(call, cast(E, engine), body, blocking=engine.blocking)

    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        response_model=response_model,
        summary=summary,
        description=description,
        openapi_extra=body_openapi(request_model, files=files),
    )
