"""Running one job to the end. Idempotent under redelivery: a finished job is left alone, and a
batch resumes after the last clip it stored (its items are committed one by one), so a job
whose worker was killed completes on the next worker without assessing a clip twice."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from orchestrator_service.db.models import AudioSample, Job, StoredArtifact, VoiceProfile, utcnow
from orchestrator_service.history.record import record_attempt, storage_key
from orchestrator_service.jobs.context import JobContext
from voicemesh.contracts.common import AudioArtifact
from voicemesh.contracts.orchestrator import ProcessRequest
from voicemesh.contracts.voice_conversion import ProfileRequest
from voicemesh.contracts.voice_conversion import VoiceProfile as ProfileStats
from voicemesh.errors import VoiceMeshError
from voicemesh.mesh import VOICE_CONVERSION

log = logging.getLogger("orchestrator.jobs")
FINAL = ("succeeded", "failed", "cancelled")


async def execute(ctx: JobContext, job_id: str) -> None:
    async with ctx.sessions() as db:
        job = await db.get(Job, job_id)
        if job is None or job.status in FINAL:
            return
        job.status = "running"
        job.tries += 1
        job.started_at = job.started_at or utcnow()
        await db.commit()
        kind = job.kind
    log.info("job started", extra={"job_id": job_id, "kind": kind})
    try:
        if kind == "assess_batch":
            await _assess_batch(ctx, job_id)
        else:
            await _prepare_voice(ctx, job_id)
    except Exception as exc:
        log.exception("job failed", extra={"job_id": job_id})
        await _finish(ctx, job_id, "failed", error=f"{type(exc).__name__}: {exc}")
        return
    log.info("job finished", extra={"job_id": job_id})


async def _finish(
    ctx: JobContext, job_id: str, status: str, *, error: str | None = None, **result: Any
) -> None:
    async with ctx.sessions() as db:
        job = await db.get(Job, job_id)
        if job is None or job.status == "cancelled":
            return
        job.status = status
        job.error = error
        job.finished_at = utcnow()
        if result:
            job.result = {**(job.result or {}), **result}
        await db.commit()


async def _assess_batch(ctx: JobContext, job_id: str) -> None:
    async with ctx.sessions() as db:
        job = await db.get(Job, job_id)
        assert job is not None
        params = dict(job.params)
        items: list[dict[str, Any]] = list((job.result or {}).get("items", []))
        org_id, user_id = job.org_id, job.user_id
    done = {item["index"] for item in items}
    refs: list[str] = params["audio_refs"]
    texts: list[str | None] = params["texts"]
    for index, ref in enumerate(refs):
        if index in done:
            continue
        async with ctx.sessions() as db:
            status = await db.scalar(select(Job.status).where(Job.id == job_id))
        if status == "cancelled":
            return
        await ctx.ensure_local(ref, storage_key(org_id, ref))
        item: dict[str, Any] = {"index": index}
        request = ProcessRequest(
            audio_ref=ref,
            text=texts[index],
            with_audio=params.get("with_audio", False),
            with_feedback=params.get("with_feedback", True),
        )
        async with ctx.sessions() as db:
            try:
                audio = ctx.artifacts.load_audio(ref)
                learner = AudioArtifact(
                    id=ref,
                    format="wav",
                    sample_rate=audio.sample_rate,
                    duration_s=round(audio.duration_s, 3),
                )
                result = await ctx.pipeline.run(request, learner)
                result = await record_attempt(
                    db,
                    ctx.artifacts,
                    ctx.storage,
                    result,
                    org_id=org_id,
                    user_id=user_id,
                    job_id=job_id,
                    keep_learner=False,
                )
                item.update(
                    attempt_id=result.attempt_id,
                    overall=result.scores.overall if result.scores else None,
                )
            except VoiceMeshError as exc:
                await db.rollback()
                item.update(error={"code": exc.code, "message": exc.message})
            job = await db.get(Job, job_id)
            assert job is not None
            items.append(item)
            job.result = {"items": sorted(items, key=lambda i: i["index"])}
            job.done = len(items)
            await db.commit()
    await _finish(ctx, job_id, "succeeded")


async def _prepare_voice(ctx: JobContext, job_id: str) -> None:
    async with ctx.sessions() as db:
        job = await db.get(Job, job_id)
        assert job is not None
        voice = await db.get(VoiceProfile, job.params["voice_id"])
        if voice is None:
            raise LookupError("the voice was deleted")
        samples = list(voice.samples)
        keys = {
            row.artifact_id: row.storage_key
            for row in (
                await db.scalars(
                    select(StoredArtifact).where(
                        StoredArtifact.artifact_id.in_([s.artifact_id for s in samples])
                    )
                )
            ).all()
        }
    if not samples:
        raise ValueError("the voice has no samples")
    for sample in samples:
        await ctx.ensure_local(sample.artifact_id, keys[sample.artifact_id])
    try:
        profile = (
            await ctx.pipeline.clients.post(
                VOICE_CONVERSION,
                "/profiles",
                ProfileRequest(audio_refs=[s.artifact_id for s in samples]),
                ProfileStats,
            )
        ).value
    except VoiceMeshError as exc:
        await _set_voice(
            ctx, job.params["voice_id"], len(samples), status="failed", error=exc.message
        )
        await _finish(ctx, job_id, "failed", error=f"{exc.code}: {exc.message}")
        return
    status = await _set_voice(
        ctx,
        job.params["voice_id"],
        len(samples),
        status="ready",
        vc_profile_id=profile.id,
        stats=profile.stats.model_dump(),
    )
    await _finish(ctx, job_id, "succeeded", voice_id=job.params["voice_id"], voice_status=status)


async def _set_voice(ctx: JobContext, voice_id: str, used: int, **fields: Any) -> str:
    """Update the voice unless samples arrived since the job read them (a later job will
    prepare those); returns the voice's status."""
    async with ctx.sessions() as db:
        voice = await db.get(VoiceProfile, voice_id)
        if voice is None:
            return "deleted"
        count = len(
            (await db.scalars(select(AudioSample.id).where(AudioSample.voice_id == voice_id))).all()
        )
        if count == used:
            for name, value in fields.items():
                setattr(voice, name, value)
            if fields.get("status") == "ready":
                voice.error = None
            await db.commit()
        return voice.status
