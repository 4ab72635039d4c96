"""``POST /process`` of asr-service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["asr"])


@router.post(
    "/process",
    response_model=AsrResponse,
    openapi_extra=body_openapi(AsrRequest, files=("audio",)),
)
async def process(
    body: Annotated[AsrRequest, Depends(body_of(AsrRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> AsrResponse:
    """audio → transcript + word timestamps (seconds) with confidence."""
    result: AsrResponse = await runner.run(engine.process, body, blocking=engine.blocking)
    return result
