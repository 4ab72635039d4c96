"""``GET /artifacts/{id}``: stored audio (learner upload, model pronunciation, own voice,
voice samples), to its owner and whoever may see the owner's attempts; another org's → 404.
``GET /artifacts/{id}/link``: a short-lived URL that needs no credentials (an S3 presigned GET,
or a signed link to this endpoint) for players that cannot send headers or cookies."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from orchestrator_service.auth.deps import DbDep, get_principal
from orchestrator_service.db.models import StoredArtifact
from orchestrator_service.history.access import visible
from orchestrator_service.routers.auth import UNAUTHORIZED
from orchestrator_service.schemas import ArtifactLink
from voicemesh.artifacts import ArtifactStore
from voicemesh.errors import ArtifactNotFound, ErrorBody

router = APIRouter(tags=["artifacts"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "unknown, expired or not visible"}
}


def _link_signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.session_secret, salt="voicemesh-artifact")


async def _find(request: Request, db: DbDep, artifact_id: str) -> StoredArtifact:
    principal = await get_principal(request, db)
    stmt = visible(select(StoredArtifact), StoredArtifact, principal)
    row = await db.scalar(stmt.where(StoredArtifact.artifact_id == artifact_id))
    if row is None:
        raise ArtifactNotFound(f"artifact {artifact_id} not found")
    return row


@router.get(
    "/artifacts/{artifact_id}",
    response_class=Response,
    responses={
        200: {"content": {"audio/wav": {}, "audio/mpeg": {}, "audio/ogg": {}}},
        **UNAUTHORIZED,
        **NOT_FOUND,
    },
)
async def get_artifact(
    artifact_id: str,
    request: Request,
    db: DbDep,
    token: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """The audio bytes. Authorised by key/cookie, or by ``token`` from ``/link``."""
    if token is not None:
        try:
            signed = _link_signer(request).loads(
                token, max_age=request.app.state.server.signed_url_ttl_s
            )
        except BadSignature:
            raise ArtifactNotFound(f"artifact {artifact_id} not found (link expired)") from None
        row = await db.scalar(
            select(StoredArtifact).where(StoredArtifact.artifact_id == artifact_id)
        )
        if row is None or signed != artifact_id:
            raise ArtifactNotFound(f"artifact {artifact_id} not found")
    else:
        row = await _find(request, db, artifact_id)
    data = await asyncio.to_thread(request.app.state.storage.get, row.storage_key)
    return Response(
        data,
        media_type=ArtifactStore.media_type(artifact_id),
        headers={"Cache-Control": "private, max-age=3600"},
    )


@router.get(
    "/artifacts/{artifact_id}/link",
    response_model=ArtifactLink,
    responses={**UNAUTHORIZED, **NOT_FOUND},
)
async def artifact_link(artifact_id: str, request: Request, db: DbDep) -> ArtifactLink:
    """A URL for the audio valid for ``VOICEMESH_SIGNED_URL_TTL_S`` seconds (default 300)."""
    row = await _find(request, db, artifact_id)
    ttl = request.app.state.server.signed_url_ttl_s
    url = await asyncio.to_thread(request.app.state.storage.signed_url, row.storage_key, ttl)
    if url is None:
        token = _link_signer(request).dumps(artifact_id)
        url = str(
            request.url_for("get_artifact", artifact_id=artifact_id).include_query_params(
                token=token
            )
        )
    return ArtifactLink(url=url, expires_in_s=ttl)
