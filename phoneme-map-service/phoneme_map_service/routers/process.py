"""``POST /process`` of phoneme-map-service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.phoneme_map import PhonemeMapRequest, PhonemeMapResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["phoneme-map"])


@router.post(
    "/process",
    response_model=PhonemeMapResponse,
    openapi_extra=body_openapi(PhonemeMapRequest, files=()),
)
async def process(
    body: Annotated[PhonemeMapRequest, Depends(body_of(PhonemeMapRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> PhonemeMapResponse:
    """text → ARPAbet phones with lexical stress, syllables and IPA for every spoken word.

    ``text`` is read like a reading task: numbers (``1999``, ``3rd``, ``25%``), abbreviations
    (``Dr.``, ``e.g.``) and symbols become words; each spoken word is one entry, with the
    input ``token`` and ``token_index`` it came from. Words outside CMUdict come from g2p-en or
    espeak-ng (``source``). 422 when nothing is pronounceable or over the word limit.
    """
    result: PhonemeMapResponse = await runner.run(engine.process, body, blocking=engine.blocking)
    return result
