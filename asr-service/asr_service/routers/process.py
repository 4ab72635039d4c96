"""``POST /process`` of asr-service."""

from __future__ import annotations

from fastapi import APIRouter

from asr_service.services import transcribe
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["asr"])
engine_route(
    router,
    "/process",
    AsrRequest,
    AsrResponse,
    transcribe,
    files=("audio",),
    summary="Transcribe a recording with word timestamps",
    description=(
        "`audio` (upload or `audio_ref`), optional `language` (default en) and "
        "`initial_prompt` (e.g. the target sentence) → `transcript`, its spoken "
        "`normalized_transcript` (numbers spelt out), `duration_s`, and `words` with "
        "`start`/`end` (s; coarse — forced alignment gives the precise times) and "
        "`confidence` 0–1. Silence or noise gives an empty transcript with `no_speech: true`. "
        "413/422 for audio over the limits or undecodable; 503 + Retry-After when the queue "
        "is full."
    ),
)
