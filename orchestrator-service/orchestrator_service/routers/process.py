"""``POST /process``: the learner's recording in, the whole assessment out."""

from __future__ import annotations

from typing import Annotated

import soundfile as sf
from fastapi import APIRouter, Depends, Request

from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.common import AudioArtifact
from voicemesh.contracts.orchestrator import ProcessRequest, ProcessResult
from voicemesh.deadline import deadline_in
from voicemesh.deps import EngineDep, StoreDep
from voicemesh.errors import InvalidRequest

router = APIRouter(tags=["orchestrator"])


@router.post(
    "/process",
    response_model=ProcessResult,
    openapi_extra=body_openapi(ProcessRequest),
    responses={
        502: {"description": "a fatal stage failed (ASR without text, phoneme-map, alignment)"},
        503: {"description": "a fatal stage's service is unreachable or not ready"},
        504: {"description": "a fatal stage timed out"},
    },
)
async def process(
    body: Annotated[ProcessRequest, Depends(body_of(ProcessRequest))],
    pipeline: EngineDep,
    store: StoreDep,
    request: Request,
) -> ProcessResult:
    """Multipart: ``audio`` (wav/flac/mp3/ogg/webm, ≤ 60 s by default), optional ``text`` (the
    sentence the learner meant to read) and options. Returns per-word assessment (times in
    seconds, scores 0–100, phones ARPAbet + IPA), utterance scores, audio URLs, feedback,
    per-stage timings and ``errors[]`` for non-fatal stage failures. Engine calls are retried
    (a crashed service's restart included) until ``ORCHESTRATOR_REQUEST_DEADLINE_S``."""
    if not body.audio_ref:
        raise InvalidRequest("audio required: upload the recording in field `audio`")
    info = sf.info(str(store.path(body.audio_ref)))
    learner = AudioArtifact(
        id=body.audio_ref,
        format="wav",
        sample_rate=info.samplerate,
        duration_s=round(info.duration, 3),
    )
    with deadline_in(request.app.state.settings.request_deadline_s):
        result: ProcessResult = await pipeline.run(body, learner)
    return result
