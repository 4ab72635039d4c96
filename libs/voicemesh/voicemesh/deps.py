"""Annotated FastAPI dependencies shared by the services' routes.

All are ``async def`` although none awaits: FastAPI runs a plain ``def`` dependency in a worker
thread, and those thread hops cost ≈ 3.5 ms of CPU per mock-mesh ``/process`` (two to three per
service call; bench/mock_throughput.py, 13.6 → 10.1 ms summed over the eight processes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import AudioLimits
from voicemesh.engine import EngineRunner
from voicemesh.errors import EngineNotReady


async def get_ready_engine(request: Request) -> Any:
    """The loaded engine, or 503 ``engine_not_ready`` while it loads."""
    state = request.app.state.engine_state
    if not state.ready.is_set():
        raise EngineNotReady(state.error or "the engine is still loading; retry shortly")
    return request.app.state.engine


async def get_store(request: Request) -> ArtifactStore:
    return request.app.state.store  # type: ignore[no-any-return]


async def get_runner(request: Request) -> EngineRunner:
    return request.app.state.runner  # type: ignore[no-any-return]


async def get_audio_limits(request: Request) -> AudioLimits:
    return request.app.state.audio_limits  # type: ignore[no-any-return]


StoreDep = Annotated[ArtifactStore, Depends(get_store)]
RunnerDep = Annotated[EngineRunner, Depends(get_runner)]
LimitsDep = Annotated[AudioLimits, Depends(get_audio_limits)]
EngineDep = Annotated[Any, Depends(get_ready_engine)]
