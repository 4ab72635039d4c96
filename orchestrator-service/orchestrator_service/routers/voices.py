"""Voice profiles: ``POST /voices``, ``POST /voices/{id}/samples``, ``GET /voices``,
``GET /voices/{id}``, ``DELETE /voices/{id}``. Each new sample queues a ``prepare_voice`` job
that has voice-conversion-service measure the profile over all samples; the voice is ``ready``
when the job for its latest sample succeeded."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select

from orchestrator_service.auth.deps import DbDep, PrincipalDep
from orchestrator_service.db.models import AudioSample, Job, VoiceProfile
from orchestrator_service.history.access import may_change, visible
from orchestrator_service.history.record import keep_artifact
from orchestrator_service.routers.auth import UNAUTHORIZED
from orchestrator_service.routers.jobs import create_job
from orchestrator_service.schemas import SampleAdded, SampleUpload, Voice, VoiceCreate, VoiceList
from orchestrator_service.voices.lookup import visible_voice
from orchestrator_service.voices.samples import clean_sample
from voicemesh.body import body_of, body_openapi
from voicemesh.deps import StoreDep
from voicemesh.errors import ErrorBody, Forbidden, InvalidRequest

router = APIRouter(tags=["voices"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "no such voice visible to the caller"}
}


async def voice_out(db: DbDep, voice: VoiceProfile) -> Voice:
    job_id = await db.scalar(
        select(Job.id)
        .where(Job.kind == "prepare_voice", Job.org_id == voice.org_id)
        .where(Job.params["voice_id"].as_string() == voice.id)
        .order_by(Job.created_at.desc())
        .limit(1)
    )
    return Voice(
        id=voice.id,
        name=voice.name,
        status=voice.status,  # type: ignore[arg-type]
        samples=len(voice.samples),
        created_at=voice.created_at,
        f0_median_hz=(voice.stats or {}).get("f0_median_hz"),
        error=voice.error,
        job_id=job_id,
    )


@router.post("/voices", response_model=Voice, status_code=201, responses=UNAUTHORIZED)
async def create_voice(body: VoiceCreate, principal: PrincipalDep, db: DbDep) -> Voice:
    """A new, empty profile (status ``pending`` until samples are prepared)."""
    voice = VoiceProfile(org_id=principal.org_id, user_id=principal.user_id, name=body.name)
    db.add(voice)
    await db.commit()
    await db.refresh(voice, ["samples"])
    return await voice_out(db, voice)


@router.post(
    "/voices/{voice_id}/samples",
    response_model=SampleAdded,
    status_code=201,
    openapi_extra=body_openapi(SampleUpload),
    responses={**UNAUTHORIZED, **NOT_FOUND},
)
async def add_sample(
    voice_id: str,
    principal: PrincipalDep,  # first: nothing is stored for an unauthenticated call
    body: Annotated[SampleUpload, Depends(body_of(SampleUpload))],
    request: Request,
    db: DbDep,
    store: StoreDep,
) -> SampleAdded:
    """Multipart ``audio`` (wav/flac/mp3/ogg/webm, validated): silence-trimmed, peak-normalised
    to −1 dBFS, kept, and a ``prepare_voice`` job queued. 422 ``audio_too_short`` for under 1 s
    of speech."""
    voice = await visible_voice(db, principal, voice_id)
    if not may_change(voice, principal):
        raise Forbidden("only the voice's owner or an admin may add samples")
    if not body.audio_ref:
        raise InvalidRequest("audio required: upload the sample in field `audio`")
    audio = await asyncio.to_thread(store.load_audio, body.audio_ref)
    cleaned = await asyncio.to_thread(clean_sample, audio)
    artifact = await asyncio.to_thread(store.put_audio, cleaned)
    await keep_artifact(
        db,
        store,
        request.app.state.storage,
        artifact_id=artifact.id,
        org_id=voice.org_id,
        user_id=voice.user_id,
    )
    sample = AudioSample(voice_id=voice.id, artifact_id=artifact.id, duration_s=artifact.duration_s)
    db.add(sample)
    voice.status = "pending"
    await db.commit()
    await db.refresh(voice, ["samples"])
    await create_job(request, db, principal, "prepare_voice", {"voice_id": voice.id}, 1)
    return SampleAdded(
        id=voice.id,
        samples=len(voice.samples),
        status="pending",
        duration_s=artifact.duration_s,
    )


@router.get("/voices", response_model=VoiceList, responses=UNAUTHORIZED)
async def list_voices(principal: PrincipalDep, db: DbDep) -> VoiceList:
    rows = (
        await db.scalars(
            visible(select(VoiceProfile), VoiceProfile, principal).order_by(
                VoiceProfile.created_at.desc()
            )
        )
    ).all()
    return VoiceList(items=[await voice_out(db, v) for v in rows])


@router.get("/voices/{voice_id}", response_model=Voice, responses={**UNAUTHORIZED, **NOT_FOUND})
async def get_voice(voice_id: str, principal: PrincipalDep, db: DbDep) -> Voice:
    """Status ``pending`` (samples not prepared yet), ``ready`` or ``failed`` (``error``)."""
    return await voice_out(db, await visible_voice(db, principal, voice_id))


@router.delete("/voices/{voice_id}", status_code=204, responses={**UNAUTHORIZED, **NOT_FOUND})
async def delete_voice(voice_id: str, principal: PrincipalDep, db: DbDep) -> Response:
    voice = await visible_voice(db, principal, voice_id)
    if not may_change(voice, principal):
        raise Forbidden("only the voice's owner or an admin may delete it")
    await db.delete(voice)
    await db.commit()
    return Response(status_code=204)
