"""``POST /process`` of alignment-service."""

from __future__ import annotations

from fastapi import APIRouter

from alignment_service.services import align
from voicemesh.contracts.alignment import AlignmentRequest, AlignmentResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["alignment"])
engine_route(
    router,
    "/process",
    AlignmentRequest,
    AlignmentResponse,
    align,
    files=("audio",),
    summary="Force-align the expected phones and score them (GOP)",
    description=(
        "The learner `audio` and the expected `words` (ARPAbet phones each, as phoneme-map "
        "gives them) → per word and phone `start`/`end` (s, 10 ms frames), the forced score "
        "and the free phone-loop score over the same frames (log-likelihood, nats), and "
        "`gop` = (score − loop_score) / frames (nats per frame). With `substitutions` (null "
        "= the shipped L2 list, {} = none) a second pass lets likely L2 variants compete and "
        "reports the winner as `realized`. Silence, a cut-off reading or a missing word give "
        "`status` failed/partial with `unaligned_words`, never a 5xx. `textgrid: true` also "
        "stores a Praat TextGrid artifact."
    ),
)
