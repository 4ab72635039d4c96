"""Per-org limits: jobs per minute and audio minutes per calendar month (UTC), counted from the
Job and Attempt tables, so they hold across processes and restarts. Over a limit → 429
``rate_limited`` with Retry-After (seconds until the window frees up)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from orchestrator_service.db.models import Attempt, Job
from orchestrator_service.server_settings import ServerSettings
from voicemesh.errors import RateLimited


async def check_job_rate(db: AsyncSession, org_id: str, settings: ServerSettings) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    stmt = select(func.count(), func.min(Job.created_at)).where(
        Job.org_id == org_id, Job.created_at >= since
    )
    count, oldest = (await db.execute(stmt)).one()
    if count >= settings.jobs_per_minute:
        wait = (oldest + timedelta(minutes=1) - datetime.now(UTC)).total_seconds() if oldest else 60
        raise RateLimited(
            f"your organisation may start {settings.jobs_per_minute} jobs per minute",
            retry_after_s=int(wait) + 1,
        )


def _month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(start: datetime) -> datetime:
    return (start + timedelta(days=32)).replace(day=1)


async def check_audio_quota(
    db: AsyncSession, org_id: str, settings: ServerSettings, adding_s: float
) -> None:
    """Attempts' audio this month (a batch's clips are stored as attempts) plus ``adding_s``."""
    now = datetime.now(UTC)
    start = _month_start(now)
    used = await db.scalar(
        select(func.coalesce(func.sum(Attempt.audio_s), 0.0)).where(
            Attempt.org_id == org_id, Attempt.created_at >= start
        )
    )
    if (float(used or 0.0) + adding_s) / 60.0 > settings.audio_minutes_per_month:
        raise RateLimited(
            f"your organisation's {settings.audio_minutes_per_month:g} audio minutes for this "
            "month are used up",
            retry_after_s=int((_next_month(start) - now).total_seconds()),
        )
