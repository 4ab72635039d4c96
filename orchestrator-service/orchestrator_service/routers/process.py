"""``POST /process``: the learner's recording in, the whole assessment out, stored as an
attempt of the caller."""

from __future__ import annotations

from typing import Annotated

import soundfile as sf
from fastapi import APIRouter, Depends, Request

from orchestrator_service.auth.deps import DbDep, PrincipalDep
from orchestrator_service.deps import PipelineDep
from orchestrator_service.history.record import record_attempt
from orchestrator_service.limits import check_audio_quota
from orchestrator_service.metrics import observe_stages
from orchestrator_service.routers.auth import UNAUTHORIZED
from orchestrator_service.voices.lookup import ready_profile
from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.common import AudioArtifact
from voicemesh.contracts.orchestrator import ProcessRequest, ProcessResult
from voicemesh.deps import StoreDep
from voicemesh.errors import ErrorBody, InvalidRequest

router = APIRouter(tags=["orchestrator"])


@router.post(
    "/process",
    response_model=ProcessResult,
    openapi_extra=body_openapi(ProcessRequest),
    responses={
        **UNAUTHORIZED,
        404: {"model": ErrorBody, "description": "voice_id is not a voice the caller may use"},
        409: {"model": ErrorBody, "description": "voice_id is not ready yet"},
        429: {"model": ErrorBody, "description": "the org's monthly audio minutes are used up"},
        502: {"description": "a fatal stage failed (ASR without text, phoneme-map, alignment)"},
        503: {"description": "a fatal stage's service is unreachable or not ready"},
        504: {"description": "a fatal stage timed out"},
    },
)
async def process(
    principal: PrincipalDep,  # first: no upload is read or stored for an unauthenticated call
    body: Annotated[ProcessRequest, Depends(body_of(ProcessRequest))],
    request: Request,
    db: DbDep,
    pipeline: PipelineDep,
    store: StoreDep,
) -> ProcessResult:
    """Multipart: ``audio`` (wav/flac/mp3/ogg/webm, ≤ 60 s by default), optional ``text`` (the
    sentence the learner meant to read), optional ``voice_id`` (a ready voice profile) and
    options. Returns per-word assessment (times in seconds, scores 0–100, phones ARPAbet + IPA),
    utterance scores, audio URLs, feedback, per-stage timings, ``errors[]`` for non-fatal stage
    failures and ``attempt_id`` (the stored attempt). Engine calls are retried (a crashed
    service's restart included) until ``ORCHESTRATOR_REQUEST_DEADLINE_S``."""
    if not body.audio_ref:
        raise InvalidRequest("audio required: upload the recording in field `audio`")
    # A WAV header the upload just wrote (page cache): ≈ 50 µs inline, less than a thread hop.
    info = sf.info(str(store.path(body.audio_ref)))
    await check_audio_quota(db, principal.org_id, request.app.state.server, info.duration)
    vc_profile = await ready_profile(db, principal, body.voice_id) if body.voice_id else None
    await (
        db.commit()
    )  # ends the read transaction: no pooled connection is held while the mesh works
    learner = AudioArtifact(
        id=body.audio_ref,
        format="wav",
        sample_rate=info.samplerate,
        duration_s=round(info.duration, 3),
    )
    result: ProcessResult = await pipeline.run(body, learner, vc_profile_id=vc_profile)
    observe_stages(result)
    result = await record_attempt(
        db,
        store,
        request.app.state.storage,
        result,
        org_id=principal.org_id,
        user_id=principal.user_id,
        voice_id=body.voice_id,
    )
    await db.commit()
    return result
