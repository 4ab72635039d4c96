"""``POST /search`` of phoneme-map-service: pattern and minimal-pair search over CMUdict."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.phoneme_map import PatternSearchRequest, PatternSearchResponse
from voicemesh.deps import EngineDep, RunnerDep

router = APIRouter(tags=["phoneme-map"])


@router.post(
    "/search",
    response_model=PatternSearchResponse,
    openapi_extra=body_openapi(PatternSearchRequest, files=()),
)
async def search(
    body: Annotated[PatternSearchRequest, Depends(body_of(PatternSearchRequest))],
    engine: EngineDep,
    runner: RunnerDep,
) -> PatternSearchResponse:
    """Words of the dictionary (CMUdict, 126k words) by pronunciation, most frequent first
    (wordfreq Zipf frequency).

    - ``pattern``: space-separated phone tokens matched against the whole pronunciation:
      a phone (``TH``; a vowel with any stress ``AH`` or one stress ``AH1``), ``.``/``?`` any
      one phone, ``*`` any run of phones, a class ``@V`` ``@C`` ``@STOP`` ``@FRICATIVE``
      ``@AFFRICATE`` ``@NASAL`` ``@LIQUID`` ``@GLIDE`` ``@SIBILANT`` (vowel classes take a
      stress digit, ``@V1``), alternatives ``TH|DH``. ``TH *`` = words starting with TH.
    - ``stress`` (or a ``pattern`` of stress tokens only): one token per syllable, ``0``/``1``/
      ``2``, ``.``/``?`` any syllable, ``*`` any number: ``. 1 . .`` = four syllables, primary
      stress on the second.
    - ``minimal_pairs_of`` (+ optional ``contrast``): words differing by one phone,
      e.g. THINK with ``[TH, S]`` → SINK.

    A malformed pattern is a 422 naming the bad token.
    """
    result: PatternSearchResponse = await runner.run(engine.search, body, blocking=engine.blocking)
    return result
