"""Annotated FastAPI dependencies shared by the services' routes.

All are ``async def`` although none awaits: FastAPI runs a plain ``def`` dependency in a worker
thread, and those thread hops cost ≈ 3.5 ms of CPU per mock-mesh ``/process`` (two to three per
service call; bench/mock_throughput.py, 13.6 → 10.1 ms summed over the eight processes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import AudioLimits
from voicemesh.engine import Engine, EngineRunner
from voicemesh.errors import EngineNotReady
from voicemesh.state import service_state


async def get_ready_engine(request: Request) -> Engine:
    """The loaded engine, or 503 ``engine_not_ready`` while it loads. Routes narrow it to
    their service's engine Protocol (see :func:`voicemesh.routes.engine_route`)."""
    state = service_state(request.app)
    if not state.loader.ready.is_set():
        raise EngineNotReady(state.loader.error or "the engine is still loading; retry shortly")
    return state.engine


async def get_store(request: Request) -> ArtifactStore:
    return service_state(request.app).store


async def get_runner(request: Request) -> EngineRunner:
    return service_state(request.app).runner


async def get_audio_limits(request: Request) -> AudioLimits:
    return service_state(request.app).audio_limits


StoreDep = Annotated[ArtifactStore, Depends(get_store)]
RunnerDep = Annotated[EngineRunner, Depends(get_runner)]
LimitsDep = Annotated[AudioLimits, Depends(get_audio_limits)]
EngineDep = Annotated[Engine, Depends(get_ready_engine)]
