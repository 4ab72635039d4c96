"""``POST /process`` of phoneme-diff-service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["phoneme-diff"])


@router.post(
    "/process",
    response_model=PhonemeDiffResponse,
    openapi_extra=body_openapi(PhonemeDiffRequest, files=("audio",)),
)
async def process(
    body: Annotated[PhonemeDiffRequest, Depends(body_of(PhonemeDiffRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> PhonemeDiffResponse:
    """expected vs aligned phones + prosody → phone/word errors, lexical stress verdicts, scores 0–100."""
    result: PhonemeDiffResponse = await runner.run(engine.process, body, blocking=engine.blocking)
    return result
