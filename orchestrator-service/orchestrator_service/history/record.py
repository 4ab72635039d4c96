"""Storing an attempt: the result row plus its audio copied into durable storage."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orchestrator_service.db.models import Attempt, StoredArtifact, new_id
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.errors import ArtifactNotFound
from voicemesh.storage import Storage

log = logging.getLogger("orchestrator.history")


def storage_key(org_id: str, artifact_id: str) -> str:
    return f"{org_id}/{artifact_id}"


def _copy(artifacts: ArtifactStore, storage: Storage, artifact_id: str, key: str) -> None:
    storage.put(key, artifacts.read(artifact_id), artifacts.media_type(artifact_id))


async def keep_artifact(
    db: AsyncSession,
    artifacts: ArtifactStore,
    storage: Storage,
    *,
    artifact_id: str,
    org_id: str,
    user_id: str,
    attempt_id: str | None = None,
) -> None:
    """Copy a mesh artifact into durable storage and record who owns it."""
    key = storage_key(org_id, artifact_id)
    await asyncio.to_thread(_copy, artifacts, storage, artifact_id, key)
    db.add(
        StoredArtifact(
            artifact_id=artifact_id,
            org_id=org_id,
            user_id=user_id,
            attempt_id=attempt_id,
            storage_key=key,
        )
    )


async def record_attempt(
    db: AsyncSession,
    artifacts: ArtifactStore,
    storage: Storage,
    result: ProcessResult,
    *,
    org_id: str,
    user_id: str,
    voice_id: str | None = None,
    job_id: str | None = None,
    keep_learner: bool = True,
) -> ProcessResult:
    """Add the attempt (not committed) and return the result carrying its ``attempt_id``.
    ``keep_learner=False``: the recording is kept already (a batch clip); it joins the attempt."""
    attempt_id = new_id()
    result = result.model_copy(update={"attempt_id": attempt_id})
    scores = result.scores
    learner = result.audio.learner
    db.add(
        Attempt(
            id=attempt_id,
            org_id=org_id,
            user_id=user_id,
            target_text=result.target_text,
            overall=scores.overall if scores else None,
            accuracy=scores.accuracy if scores else None,
            stress=scores.stress if scores else None,
            fluency=scores.fluency if scores else None,
            completeness=scores.completeness if scores else None,
            audio_s=learner.duration_s if learner else 0.0,
            voice_id=voice_id,
            job_id=job_id,
            result=result.model_dump(mode="json"),
        )
    )
    if not keep_learner and learner is not None:
        await db.flush()  # the attempt row first: the update below refers to it
        await db.execute(
            update(StoredArtifact)
            .where(StoredArtifact.artifact_id == learner.id, StoredArtifact.org_id == org_id)
            .values(attempt_id=attempt_id)
        )
    outputs = (result.audio.model_pronunciation, result.audio.own_voice)
    kept = {a.id: a for a in ((learner, *outputs) if keep_learner else outputs) if a is not None}
    copies = await asyncio.gather(  # in parallel: each copy waits on the disk or the network
        *(
            keep_artifact(
                db,
                artifacts,
                storage,
                artifact_id=artifact_id,
                org_id=org_id,
                user_id=user_id,
                attempt_id=attempt_id,
            )
            for artifact_id in kept
        ),
        return_exceptions=True,
    )
    for artifact, outcome in zip(kept.values(), copies, strict=True):
        if outcome is None:
            continue
        if artifact is learner or not isinstance(outcome, ArtifactNotFound):
            raise outcome
        # An output purged or written where this process cannot see it: the attempt keeps its
        # scores; only that audio is not served later.
        log.warning("output artifact missing; not kept", extra={"attempt_id": attempt_id})
    return result


async def delete_unreferenced(db: AsyncSession, storage: Storage, keys: Iterable[str]) -> int:
    """Delete the stored objects of ``keys`` that no artifact row refers to any more (after the
    caller deleted rows and committed); returns how many."""
    removed = 0
    for key in set(keys):
        if await db.scalar(select(StoredArtifact.id).where(StoredArtifact.storage_key == key)):
            continue
        await asyncio.to_thread(storage.delete, key)
        removed += 1
    return removed
