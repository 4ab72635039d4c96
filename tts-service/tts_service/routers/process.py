"""``POST /process`` of tts-service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["tts"])


@router.post(
    "/process",
    response_model=TtsResponse,
    openapi_extra=body_openapi(TtsRequest, files=()),
)
async def process(
    body: Annotated[TtsRequest, Depends(body_of(TtsRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> TtsResponse:
    """text or phones with stress → model-pronunciation audio artifact."""
    result: TtsResponse = await runner.run(engine.process, body, blocking=engine.blocking)
    return result
