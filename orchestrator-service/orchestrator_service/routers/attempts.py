"""History: ``GET /attempts`` (paginated, newest first), ``GET/DELETE /attempts/{id}``,
``GET /progress``."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import and_, delete, or_, select

from orchestrator_service.auth.deps import DbDep, PrincipalDep
from orchestrator_service.db.models import Attempt, StoredArtifact
from orchestrator_service.history.access import may_change, visible
from orchestrator_service.history.progress import progress_of
from orchestrator_service.history.record import delete_unreferenced
from orchestrator_service.routers.auth import UNAUTHORIZED
from orchestrator_service.schemas import (
    AttemptDetail,
    AttemptPage,
    AttemptSummary,
    Progress,
    WordSummary,
)
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.contracts.phoneme_diff import UtteranceScores
from voicemesh.errors import BadRequest, ErrorBody, Forbidden, NotFound

router = APIRouter(tags=["history"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "no such attempt visible to the caller"}
}
UserFilter = Annotated[
    str | None,
    Query(pattern=r"^[A-Za-z0-9_-]{8,64}$", description="teachers/admins: one user's attempts"),
]


def _cursor(attempt: Attempt) -> str:
    raw = f"{attempt.created_at.isoformat()}|{attempt.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _parse_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, attempt_id = raw.split("|", 1)
        return datetime.fromisoformat(at), attempt_id
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("malformed cursor") from None


def _summary(attempt: Attempt) -> AttemptSummary:
    result = attempt.result
    return AttemptSummary(
        id=attempt.id,
        created_at=attempt.created_at,
        user_id=attempt.user_id,
        target_text=attempt.target_text,
        scores=UtteranceScores.model_validate(result["scores"]) if result.get("scores") else None,
        words=[
            WordSummary(
                text=w["text"],
                error_type=w["error_type"],
                severity=w["severity"],
                accuracy=w["accuracy"],
            )
            for w in result.get("words", [])
        ],
    )


@router.get("/attempts", response_model=AttemptPage, responses=UNAUTHORIZED)
async def list_attempts(
    principal: PrincipalDep,
    db: DbDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    user_id: UserFilter = None,
) -> AttemptPage:
    """The caller's attempts, newest first (teachers: also their org's learners'; admins: the
    whole org's). ``next_cursor`` pages on."""
    stmt = visible(select(Attempt), Attempt, principal)
    if user_id:
        stmt = stmt.where(Attempt.user_id == user_id)
    if cursor:
        at, attempt_id = _parse_cursor(cursor)
        stmt = stmt.where(
            or_(Attempt.created_at < at, and_(Attempt.created_at == at, Attempt.id < attempt_id))
        )
    stmt = stmt.order_by(Attempt.created_at.desc(), Attempt.id.desc()).limit(limit + 1)
    rows = list((await db.scalars(stmt)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    return AttemptPage(
        items=[_summary(a) for a in rows], next_cursor=_cursor(rows[-1]) if more else None
    )


async def _visible_attempt(db: DbDep, principal: PrincipalDep, attempt_id: str) -> Attempt:
    stmt = visible(select(Attempt), Attempt, principal).where(Attempt.id == attempt_id)
    attempt = await db.scalar(stmt)
    if attempt is None:
        raise NotFound(f"attempt {attempt_id} not found")
    return attempt


@router.get(
    "/attempts/{attempt_id}", response_model=AttemptDetail, responses={**UNAUTHORIZED, **NOT_FOUND}
)
async def get_attempt(attempt_id: str, principal: PrincipalDep, db: DbDep) -> AttemptDetail:
    """One attempt with the whole ``/process`` result (artifact URLs served by
    ``GET /artifacts/{id}``, same auth)."""
    attempt = await _visible_attempt(db, principal, attempt_id)
    return AttemptDetail(
        id=attempt.id,
        created_at=attempt.created_at,
        user_id=attempt.user_id,
        result=ProcessResult.model_validate(attempt.result),
    )


@router.delete(
    "/attempts/{attempt_id}",
    status_code=204,
    responses={**UNAUTHORIZED, **NOT_FOUND, 403: {"model": ErrorBody}},
)
async def delete_attempt(
    attempt_id: str, request: Request, principal: PrincipalDep, db: DbDep
) -> Response:
    """Delete an attempt and its stored audio (owner or admin; 403 for a teacher)."""
    attempt = await _visible_attempt(db, principal, attempt_id)
    if not may_change(attempt, principal):
        raise Forbidden("only the learner or an admin may delete an attempt")
    keys = (
        await db.scalars(
            select(StoredArtifact.storage_key).where(StoredArtifact.attempt_id == attempt.id)
        )
    ).all()
    await db.execute(delete(StoredArtifact).where(StoredArtifact.attempt_id == attempt.id))
    await db.delete(attempt)
    await db.commit()
    await delete_unreferenced(db, request.app.state.storage, keys)
    return Response(status_code=204)


@router.get("/progress", response_model=Progress, responses=UNAUTHORIZED)
async def progress(principal: PrincipalDep, db: DbDep, user_id: UserFilter = None) -> Progress:
    """The caller's progress (teachers/admins: ``user_id``'s) over their last 500 attempts."""
    stmt = visible(select(Attempt), Attempt, principal).where(
        Attempt.user_id == (user_id or principal.user_id)
    )
    rows = (await db.scalars(stmt.order_by(Attempt.created_at.desc()).limit(500))).all()
    return progress_of(list(reversed(rows)))
