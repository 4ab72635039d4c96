"""API keys: ``vm_<prefix>_<secret>``. The prefix (8 random bytes, public) finds the row; only
the SHA-256 of the whole key is stored, compared in constant time. A key has 256 random bits,
so a fast hash is enough (no password stretching needed, as for GitHub's tokens); the key is
shown once, at creation."""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orchestrator_service.db.models import ApiKey, User
from voicemesh.localkey import KEY_PATTERN, generate_key


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key: str) -> str | None:
    match = KEY_PATTERN.match(key.strip())
    return match.group(1) if match else None


async def issue_key(session: AsyncSession, user: User, name: str = "") -> str:
    """Store a new key for ``user`` and return it (the only time it is visible)."""
    key, prefix = generate_key()
    session.add(ApiKey(user_id=user.id, prefix=prefix, key_hash=hash_key(key), name=name))
    await session.flush()
    return key


async def user_for_key(session: AsyncSession, key: str) -> tuple[User, ApiKey] | None:
    """The user a valid, unrevoked key belongs to; None for anything else."""
    prefix = prefix_of(key)
    if prefix is None:
        return None
    row = await session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, hash_key(key.strip())):
        return None
    return row.user, row
