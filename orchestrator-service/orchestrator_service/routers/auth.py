"""Browser sign-in: ``POST /auth/session`` (an API key → the ``vm_session`` cookie),
``GET /auth/me``, ``DELETE /auth/session``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from orchestrator_service.auth.deps import DbDep, PrincipalDep
from orchestrator_service.auth.keys import user_for_key
from orchestrator_service.auth.sessions import clear_session_cookie, set_session_cookie
from orchestrator_service.schemas import Me, SessionRequest
from voicemesh.errors import ErrorBody, Unauthorized

router = APIRouter(tags=["auth"])
UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "missing or wrong key/session"}
}


@router.post("/auth/session", status_code=204, responses=UNAUTHORIZED)
async def sign_in(body: SessionRequest, request: Request, db: DbDep) -> Response:
    """Exchange an API key for a session cookie (HttpOnly, SameSite=Strict, Secure except on
    plain-http loopback). The cookie names the key; revoking the key ends the session."""
    found = await user_for_key(db, body.api_key)
    if found is None:
        raise Unauthorized("invalid API key")
    _, key = found
    signer = request.app.state.session_signer
    response = Response(status_code=204)
    set_session_cookie(response, request, signer.dumps(key.id), signer.max_age_s)
    return response


@router.get("/auth/me", response_model=Me, responses=UNAUTHORIZED)
async def me(principal: PrincipalDep) -> Me:
    """The caller (by key, session, or the local admin when ``VOICEMESH_AUTH=off``)."""
    return Me(
        user_id=principal.user_id,
        email=principal.email,
        role=principal.role,  # type: ignore[arg-type]
        org=principal.org,
    )


@router.delete("/auth/session", status_code=204)
async def sign_out() -> Response:
    """Clear the session cookie (always 204)."""
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response
