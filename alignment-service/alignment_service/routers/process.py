"""``POST /process`` of alignment-service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.alignment import AlignmentRequest, AlignmentResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["alignment"])


@router.post(
    "/process",
    response_model=AlignmentResponse,
    openapi_extra=body_openapi(AlignmentRequest, files=("audio",)),
)
async def process(
    body: Annotated[AlignmentRequest, Depends(body_of(AlignmentRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> AlignmentResponse:
    """audio + expected words/phones → word/phone timestamps (seconds) + per-phone GOP."""
    result: AlignmentResponse = await runner.run(engine.process, body, blocking=engine.blocking)
    return result
