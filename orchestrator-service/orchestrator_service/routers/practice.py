"""``GET /practice``: the web app's practice sentences (services/practice.py)."""

from __future__ import annotations

from fastapi import APIRouter

from orchestrator_service.deps import PipelineDep, PracticeDep
from voicemesh.contracts.practice import PracticeResponse

router = APIRouter(tags=["practice"])


@router.get(
    "/practice",
    response_model=PracticeResponse,
    responses={
        502: {"description": "phoneme-map failed or answered outside its contract"},
        503: {"description": "phoneme-map is unreachable or not ready"},
    },
)
async def practice(catalog: PracticeDep, pipeline: PipelineDep) -> PracticeResponse:
    """Practice sentences grouped by target sound (minimal pairs over a contrast such as θ vs
    s: "I said think, not sink.") or stress shift ("Say photograph, then say photography."),
    drawn from CMUdict with phoneme-map's ``/search``, common words only (Zipf ≥ 3). Built on
    the first request (≈ 1 s) and then served from memory."""
    return await catalog.get(pipeline.clients)
