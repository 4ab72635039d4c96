"""``POST /process`` of feedback-llm-service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["feedback"])


@router.post(
    "/process",
    response_model=FeedbackResponse,
    openapi_extra=body_openapi(FeedbackRequest, files=()),
)
async def process(
    body: Annotated[FeedbackRequest, Depends(body_of(FeedbackRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> FeedbackResponse:
    """pronunciation assessment → coaching JSON (summary, priorities, tips, drills)."""
    result: FeedbackResponse = await runner.run(engine.process, body, blocking=engine.blocking)
    return result
