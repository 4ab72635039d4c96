"""Typed dependencies of the orchestrator's routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from orchestrator_service.services.pipeline import Pipeline
from orchestrator_service.services.practice import PracticeCatalog
from voicemesh.deps import EngineDep


async def ready_pipeline(engine: EngineDep) -> Pipeline:
    """The orchestrator's engine, typed (503 while the app starts, as for every engine)."""
    assert isinstance(engine, Pipeline)
    return engine


async def practice_catalog(request: Request) -> PracticeCatalog:
    catalog: PracticeCatalog = request.app.state.practice
    return catalog


PipelineDep = Annotated[Pipeline, Depends(ready_pipeline)]
PracticeDep = Annotated[PracticeCatalog, Depends(practice_catalog)]
