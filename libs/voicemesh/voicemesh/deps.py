"""Annotated FastAPI dependencies shared by the services' routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import AudioLimits
from voicemesh.engine import EngineRunner
from voicemesh.errors import EngineNotReady


def get_ready_engine(request: Request) -> Any:
    """The loaded engine, or 503 ``engine_not_ready`` while it loads."""
    state = request.app.state.engine_state
    if not state.ready.is_set():
        raise EngineNotReady(state.error or "the engine is still loading; retry shortly")
    return request.app.state.engine


def get_store(request: Request) -> ArtifactStore:
    return request.app.state.store  # type: ignore[no-any-return]


def get_runner(request: Request) -> EngineRunner:
    return request.app.state.runner  # type: ignore[no-any-return]


def get_audio_limits(request: Request) -> AudioLimits:
    return request.app.state.audio_limits  # type: ignore[no-any-return]


StoreDep = Annotated[ArtifactStore, Depends(get_store)]
RunnerDep = Annotated[EngineRunner, Depends(get_runner)]
LimitsDep = Annotated[AudioLimits, Depends(get_audio_limits)]
EngineDep = Annotated[Any, Depends(get_ready_engine)]
