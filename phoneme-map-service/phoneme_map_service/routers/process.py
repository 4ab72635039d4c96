"""``POST /process`` of phoneme-map-service."""

from __future__ import annotations

from fastapi import APIRouter

from phoneme_map_service.services import pronounce
from voicemesh.contracts.phoneme_map import PhonemeMapRequest, PhonemeMapResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["phoneme-map"])
engine_route(
    router,
    "/process",
    PhonemeMapRequest,
    PhonemeMapResponse,
    pronounce,
    files=(),
    summary="text → ARPAbet phones with lexical stress, syllables and IPA for every spoken word",
    description="text → ARPAbet phones with lexical stress, syllables and IPA for every spoken word.\n\n``text`` is read like a reading task: numbers (``1999``, ``3rd``, ``25%``), abbreviations\n(``Dr.``, ``e.g.``) and symbols become words; each spoken word is one entry, with the\ninput ``token`` and ``token_index`` it came from. Words outside CMUdict come from g2p-en or\nespeak-ng (``source``). 422 when nothing is pronounceable or over the word limit.",
)
