"""``POST /jobs`` (``assess_batch``: many clips with texts, e.g. a class's homework;
``prepare_voice``), ``GET /jobs``, ``GET /jobs/{id}``, ``POST /jobs/{id}/cancel``."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import soundfile as sf
from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orchestrator_service.auth.deps import DbDep, PrincipalDep
from orchestrator_service.auth.principal import Principal
from orchestrator_service.db.models import Job, StoredArtifact, utcnow
from orchestrator_service.history.access import may_change, visible
from orchestrator_service.history.record import keep_artifact
from orchestrator_service.limits import check_audio_quota, check_job_rate
from orchestrator_service.routers.auth import UNAUTHORIZED
from orchestrator_service.schemas import MAX_BATCH_CLIPS, JobCreate, JobOut
from orchestrator_service.voices.lookup import visible_voice
from voicemesh.artifacts import ArtifactStore
from voicemesh.body import body_of, body_openapi
from voicemesh.deps import StoreDep
from voicemesh.errors import ErrorBody, Forbidden, InvalidRequest, NotFound
from voicemesh.storage import Storage

router = APIRouter(tags=["jobs"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "no such job visible to the caller"}
}


def job_out(job: Job) -> JobOut:
    status = "queued" if job.status == "claimed" else job.status
    return JobOut(
        id=job.id,
        kind=job.kind,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        progress=round(job.done / job.total, 4)
        if job.total
        else (1.0 if status == "succeeded" else 0.0),
        done=job.done,
        total=job.total,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        tries=job.tries,
        error=job.error,
        result=job.result,
    )


async def create_job(
    request: Request,
    db: AsyncSession,
    principal: Principal,
    kind: str,
    params: dict[str, Any],
    total: int,
) -> Job:
    """Commit a queued Job and hand it to the runner."""
    job = Job(
        org_id=principal.org_id, user_id=principal.user_id, kind=kind, params=params, total=total
    )
    db.add(job)
    await db.commit()
    await request.app.state.jobs.submit(job.id)
    return job


async def _batch_clips(
    db: AsyncSession, store: ArtifactStore, storage: Storage, principal: Principal, refs: list[str]
) -> float:
    """Keep each clip for the caller (or check a kept one is theirs); the summed seconds."""
    total_s = 0.0
    for ref in refs:
        kept = await db.scalar(select(StoredArtifact).where(StoredArtifact.artifact_id == ref))
        if kept is not None:
            mine = await db.scalar(
                visible(select(StoredArtifact), StoredArtifact, principal).where(
                    StoredArtifact.artifact_id == ref
                )
            )
            if mine is None:
                raise NotFound(f"artifact {ref} not found")
        info = await asyncio.to_thread(sf.info, str(store.path(ref)))
        total_s += float(info.duration)
        if kept is None:
            await keep_artifact(
                db,
                store,
                storage,
                artifact_id=ref,
                org_id=principal.org_id,
                user_id=principal.user_id,
            )
    return total_s


@router.post(
    "/jobs",
    response_model=JobOut,
    status_code=202,
    openapi_extra=body_openapi(JobCreate),
    responses={
        **UNAUTHORIZED,
        404: {"model": ErrorBody, "description": "a clip or voice the caller cannot see"},
        429: {"model": ErrorBody, "description": "jobs per minute or audio minutes used up"},
    },
)
async def submit_job(
    principal: PrincipalDep,  # first: nothing is stored for an unauthenticated call
    body: Annotated[JobCreate, Depends(body_of(JobCreate, max_files=MAX_BATCH_CLIPS))],
    request: Request,
    db: DbDep,
    store: StoreDep,
) -> JobOut:
    """Queue a job; poll ``GET /jobs/{id}``. ``assess_batch``: clips as files in field ``audio``
    (multipart, ≤ 20 per request) or kept ``audio_refs`` (≤ 200), ``texts`` one per clip (JSON
    list; null or missing: what ASR heard). Each clip becomes an attempt of the caller."""
    await check_job_rate(db, principal.org_id, request.app.state.server)
    if body.kind == "prepare_voice":
        if not body.voice_id:
            raise InvalidRequest("prepare_voice needs voice_id")
        voice = await visible_voice(db, principal, body.voice_id)
        job = await create_job(request, db, principal, "prepare_voice", {"voice_id": voice.id}, 1)
        return job_out(job)
    refs = [*body.audio_refs, *([body.audio_ref] if body.audio_ref else [])]
    if not refs:
        raise InvalidRequest("assess_batch needs clips: files in field `audio` or `audio_refs`")
    texts = body.texts or [None] * len(refs)
    if len(texts) != len(refs):
        raise InvalidRequest(f"{len(refs)} clips but {len(texts)} texts: give one text per clip")
    seconds = await _batch_clips(db, store, request.app.state.storage, principal, refs)
    await check_audio_quota(db, principal.org_id, request.app.state.server, seconds)
    params = {
        "audio_refs": refs,
        "texts": texts,
        "with_audio": body.with_audio,
        "with_feedback": body.with_feedback,
    }
    job = await create_job(request, db, principal, "assess_batch", params, len(refs))
    return job_out(job)


async def _visible_job(db: AsyncSession, principal: Principal, job_id: str) -> Job:
    job = await db.scalar(visible(select(Job), Job, principal).where(Job.id == job_id))
    if job is None:
        raise NotFound(f"job {job_id} not found")
    return job


@router.get("/jobs/{job_id}", response_model=JobOut, responses={**UNAUTHORIZED, **NOT_FOUND})
async def get_job(job_id: str, principal: PrincipalDep, db: DbDep) -> JobOut:
    """Status, progress (done/total) and result."""
    return job_out(await _visible_job(db, principal, job_id))


@router.post(
    "/jobs/{job_id}/cancel", response_model=JobOut, responses={**UNAUTHORIZED, **NOT_FOUND}
)
async def cancel_job(job_id: str, principal: PrincipalDep, db: DbDep) -> JobOut:
    """Cancel a queued or running job (a running batch stops before its next clip; what it
    stored stays). A finished job is returned unchanged."""
    job = await _visible_job(db, principal, job_id)
    if not may_change(job, principal):
        raise Forbidden("only the job's owner or an admin may cancel it")
    if job.status in ("queued", "claimed", "running"):
        job.status = "cancelled"
        job.finished_at = utcnow()
        await db.commit()
    return job_out(job)
