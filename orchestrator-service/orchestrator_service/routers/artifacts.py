"""``GET /artifacts/{id}``: audio the mesh produced (learner upload, model pronunciation, own
voice). Ids carry 144 random bits, so they are not guessable; they expire after the retention
period."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from voicemesh.deps import StoreDep

router = APIRouter(tags=["artifacts"])


@router.get(
    "/artifacts/{artifact_id}",
    response_class=FileResponse,
    responses={404: {"description": "unknown or expired"}},
)
async def get_artifact(artifact_id: str, store: StoreDep) -> FileResponse:
    path = store.path(artifact_id)
    return FileResponse(
        path,
        media_type=store.media_type(artifact_id),
        headers={"Cache-Control": "private, max-age=3600"},
    )
