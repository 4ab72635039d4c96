"""``POST /process`` of voice-conversion-service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["voice-conversion"])


@router.post(
    "/process",
    response_model=VoiceConversionResponse,
    openapi_extra=body_openapi(VoiceConversionRequest, files=("audio", "reference")),
)
async def process(
    body: Annotated[VoiceConversionRequest, Depends(body_of(VoiceConversionRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> VoiceConversionResponse:
    """model audio + learner voice → the model audio with the learner's pitch and vocal-tract length (not timbre cloning)."""
    result: VoiceConversionResponse = await runner.run(
        engine.process, body, blocking=engine.blocking
    )
    return result
