"""The ``POST /process`` route every engine service exposes, built from its contract.

No ``from __future__ import annotations`` here: FastAPI must see the endpoint's annotations as
objects, because ``Depends(parse)`` refers to a local of :func:`engine_route`."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from voicemesh.body import body_of, body_openapi
from voicemesh.deps import EngineDep, RunnerDep


def engine_route(
    router: APIRouter,
    path: str,
    request_model: type[BaseModel],
    response_model: type[BaseModel],
    *,
    method: str = "process",
    files: tuple[str, ...] = (),
    summary: str,
    description: str,
) -> None:
    """Add ``POST path`` to ``router``: parse ``request_model`` from JSON or multipart (files in
    ``files`` become artifact ids), run ``engine.<method>(request)`` in a worker thread through
    the EngineRunner (503 + Retry-After beyond its queue) and answer ``response_model``."""
    parse = body_of(request_model)

    async def endpoint(
        body: Annotated[Any, Depends(parse)], engine: EngineDep, runner: RunnerDep
    ) -> Any:
        return await runner.run(getattr(engine, method), body, blocking=engine.blocking)

    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        response_model=response_model,
        summary=summary,
        description=description,
        openapi_extra=body_openapi(request_model, files=files),
    )
