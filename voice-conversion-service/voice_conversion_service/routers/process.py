"""``POST /process`` of voice-conversion-service."""

from __future__ import annotations

from fastapi import APIRouter

from voice_conversion_service.services import convert
from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["voice-conversion"])
engine_route(
    router,
    "/process",
    VoiceConversionRequest,
    VoiceConversionResponse,
    convert,
    files=("audio", "reference"),
    summary="Say the model audio in the learner's voice (pitch and vocal tract)",
    description=(
        "`audio` (the model pronunciation) is resynthesized with the learner's F0 median and "
        "range (Hz) and vocal-tract length (formant ratio), taken from a `reference` recording "
        "or a stored `profile_id`. The output has the source's length and sample rate. This "
        "adapts pitch and vocal-tract length; it does not clone timbre. 422 when the reference "
        "holds too little voiced speech; 404 for an unknown profile."
    ),
)
