"""``POST /process`` of feedback-llm-service."""

from __future__ import annotations

from fastapi import APIRouter

from feedback_llm_service.services import coach
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["feedback"])
engine_route(
    router,
    "/process",
    FeedbackRequest,
    FeedbackResponse,
    coach,
    files=(),
    summary="Coach the learner from an assessment",
    description=(
        "The phoneme-diff assessment (+ transcript, target text, optional learner L1 and "
        "level) → `summary`, `priorities` ranked by severity and frequency, per-word `tips` "
        "(problem, how to fix it, an example with the stressed syllable in capitals), `drills` "
        "(practice words, minimal pairs, a sentence) and `encouragement`. The `openai` engine "
        "falls back to the rules result when the LLM fails (`fallback_used`, `fallback_reason`)."
    ),
)
