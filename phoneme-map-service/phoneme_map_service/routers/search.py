"""``POST /search`` of phoneme-map-service: pattern and minimal-pair search over CMUdict."""

from __future__ import annotations

from fastapi import APIRouter

from phoneme_map_service.services import search
from voicemesh.contracts.phoneme_map import PatternSearchRequest, PatternSearchResponse
from voicemesh.routes import engine_route

router = APIRouter(tags=["phoneme-map"])
engine_route(
    router,
    "/search",
    PatternSearchRequest,
    PatternSearchResponse,
    search,
    files=(),
    summary="Words of the dictionary (CMUdict, 126k words) by pronunciation, most frequent first",
    description="Words of the dictionary (CMUdict, 126k words) by pronunciation, most frequent first\n(wordfreq Zipf frequency).\n\n- ``pattern``: space-separated phone tokens matched against the whole pronunciation:\n  a phone (``TH``; a vowel with any stress ``AH`` or one stress ``AH1``), ``.``/``?`` any\n  one phone, ``*`` any run of phones, a class ``@V`` ``@C`` ``@STOP`` ``@FRICATIVE``\n  ``@AFFRICATE`` ``@NASAL`` ``@LIQUID`` ``@GLIDE`` ``@SIBILANT`` (vowel classes take a\n  stress digit, ``@V1``), alternatives ``TH|DH``. ``TH *`` = words starting with TH.\n- ``stress`` (or a ``pattern`` of stress tokens only): one token per syllable, ``0``/``1``/\n  ``2``, ``.``/``?`` any syllable, ``*`` any number: ``. 1 . .`` = four syllables, primary\n  stress on the second.\n- ``minimal_pairs_of`` (+ optional ``contrast``): words differing by one phone,\n  e.g. THINK with ``[TH, S]`` → SINK.\n\nA malformed pattern is a 422 naming the bad token.",
)
