"""``POST /process`` of phoneme-diff-service."""

from __future__ import annotations

from fastapi import APIRouter

from phoneme_diff_service.services import assess
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["phoneme-diff"])
engine_route(
    router,
    "/process",
    PhonemeDiffRequest,
    PhonemeDiffResponse,
    assess,
    files=("audio",),
    summary="Judge phones, words and lexical stress",
    description=(
        "The learner `audio` (for prosody), the `expected` words (phoneme-map's answer) and "
        "the `alignment` (alignment-service's answer) → per phone `status` (correct | "
        "substituted | deleted), `realized` phone and `score` 0–100; per word `accuracy` "
        "0–100, `error_type`, `severity` and a lexical stress verdict (per syllable nucleus "
        "duration s, intensity dB, F0 Hz, prominence; expected vs detected primary; "
        "calibrated error probability; score 0–100); utterance scores 0–100. Models fitted on "
        "speechocean762 (CC BY 4.0). One-syllable words and weak forms are never stress "
        "errors; unplaced words are omissions."
    ),
)
