"""``POST /process`` of tts-service."""

from __future__ import annotations

from fastapi import APIRouter

from tts_service.services import synthesize
from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["tts"])
engine_route(
    router,
    "/process",
    TtsRequest,
    TtsResponse,
    synthesize,
    files=(),
    summary="Synthesize the model pronunciation",
    description=(
        "`text`, or `words` with ARPAbet phones and stress digits (said exactly, so the "
        "dictionary stress is heard) → an audio artifact (WAV, or MP3/OGG with `format`) with "
        "its sample rate (Hz) and duration (s), and per-word start/end times (s) when the "
        "engine gives them. `rate` 0.5–1.5 (0.75 = slow for learners); `emphasize_word` says "
        "one word slower and louder. 422 for an empty input or an unknown phone."
    ),
)
