"""The local admin: org ``local``, user ``admin@localhost``, and the key ``voicemesh up``
writes to ``var/local-admin.key`` (owner read-only; :mod:`voicemesh.localkey`), registered here
so the CLI and the web app need no typing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from orchestrator_service.auth.keys import hash_key, prefix_of
from orchestrator_service.auth.principal import Principal
from orchestrator_service.db.engine import Sessions
from orchestrator_service.db.models import ApiKey, Org, User
from voicemesh.localkey import ensure_local_key

LOCAL_ORG = "local"
LOCAL_ADMIN = "admin@localhost"
LOCAL_KEY_NAME = "local-admin"


async def ensure_local_admin(sessions: Sessions, key_file: Path) -> Principal:
    """The local org and admin exist, and the key in ``key_file`` (created if missing) is theirs
    — replacing an older local key. Returns the admin as acting without credentials
    (``VOICEMESH_AUTH=off``)."""
    key = ensure_local_key(key_file)
    prefix = prefix_of(key)
    if prefix is None:
        raise SystemExit(f"{key_file} does not hold a VoiceMesh key; delete it to make a new one")
    async with sessions.begin() as session:
        org = await session.scalar(select(Org).where(Org.name == LOCAL_ORG))
        if org is None:
            org = Org(name=LOCAL_ORG)
            session.add(org)
            await session.flush()
        admin = await session.scalar(select(User).where(User.email == LOCAL_ADMIN))
        if admin is None:
            admin = User(org_id=org.id, email=LOCAL_ADMIN, role="admin")
            session.add(admin)
            await session.flush()
        existing = (
            await session.scalars(
                select(ApiKey).where(ApiKey.user_id == admin.id, ApiKey.name == LOCAL_KEY_NAME)
            )
        ).all()
        if not any(k.prefix == prefix and k.key_hash == hash_key(key) for k in existing):
            for old in existing:
                await session.delete(old)
            await session.flush()
            session.add(
                ApiKey(user_id=admin.id, prefix=prefix, key_hash=hash_key(key), name=LOCAL_KEY_NAME)
            )
        return Principal(admin.id, org.id, org.name, admin.email, admin.role, "auth-off")
