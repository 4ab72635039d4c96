"""FastAPI dependencies: the database session and the authenticated caller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from orchestrator_service.auth.keys import user_for_key
from orchestrator_service.auth.principal import Principal
from orchestrator_service.auth.sessions import COOKIE, CSRF_HEADER
from orchestrator_service.db.models import ApiKey
from voicemesh.errors import Forbidden, Unauthorized

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; committed by the route (``await db.commit()``)."""
    async with request.app.state.sessions() as session:
        yield session


DbDep = Annotated[AsyncSession, Depends(get_db)]


async def get_principal(request: Request, db: DbDep) -> Principal:
    """The caller of an HTTP request; see :func:`authenticate`."""
    return await authenticate(request, db, state_changing=request.method not in SAFE_METHODS)


async def authenticate(
    conn: HTTPConnection, db: AsyncSession, *, state_changing: bool
) -> Principal:
    """The caller of a request or WebSocket: an API key (``Authorization: Bearer``) or the
    session cookie. Raises Unauthorized (401) without valid credentials and Forbidden (403
    ``csrf_required``) for a cookie-authenticated state change without ``X-VoiceMesh-CSRF: 1``
    (a WebSocket's opening handshake counts as one: a cross-site page must not open a stream
    with the learner's cookie)."""
    state = conn.app.state
    if state.server.auth == "off":
        return state.local_admin  # type: ignore[no-any-return]
    header = conn.headers.get("authorization", "")
    if header:
        scheme, _, key = header.partition(" ")
        found = await user_for_key(db, key) if scheme.lower() == "bearer" else None
        if found is None:
            raise Unauthorized("invalid API key")
        user, row = found
        return Principal.of(user, "key", row.id)
    cookie = conn.cookies.get(COOKIE)
    if cookie:
        key_id = state.session_signer.key_id(cookie)
        session_key = await db.scalar(select(ApiKey).where(ApiKey.id == key_id)) if key_id else None
        if session_key is None or session_key.revoked_at is not None:
            raise Unauthorized("session expired or signed out; sign in again")
        if state_changing and not _same_origin_or_marked(conn):
            raise CsrfRequired(f"a cookie-authenticated change needs {CSRF_HEADER}: 1")
        return Principal.of(session_key.user, "session", session_key.id)
    raise Unauthorized("authentication required: Authorization: Bearer <api key>")


def _same_origin_or_marked(conn: HTTPConnection) -> bool:
    """``X-VoiceMesh-CSRF: 1`` (only same-origin scripts can set it), or, for a WebSocket,
    whose handshake cannot carry it, an ``Origin`` that is this server."""
    if conn.headers.get(CSRF_HEADER) == "1":
        return True
    if conn.scope["type"] != "websocket":
        return False
    origin = conn.headers.get("origin", "")
    return origin.split("://", 1)[-1] == conn.headers.get("host")


class CsrfRequired(Forbidden):
    code = "csrf_required"


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def require_admin(principal: PrincipalDep) -> Principal:
    if principal.role != "admin":
        raise Forbidden("admins only")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]
