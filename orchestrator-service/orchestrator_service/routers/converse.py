"""``POST /converse`` and ``WS /converse/stream``: conversation practice (docs/api.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, WebSocket
from fastapi.responses import Response

from orchestrator_service.auth.deps import PrincipalDep, authenticate
from orchestrator_service.deps import PipelineDep
from orchestrator_service.routers.auth import UNAUTHORIZED
from orchestrator_service.services.converse.session import StreamSession
from orchestrator_service.services.converse.state import converse_state
from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.converse import ConverseRequest, ConverseResult
from voicemesh.deps import StoreDep
from voicemesh.errors import InvalidRequest, UpstreamError, VoiceMeshError
from voicemesh.state import service_state

router = APIRouter(tags=["converse"])
LEVELS = ("beginner", "intermediate", "advanced")


@router.post(
    "/converse",
    response_model=ConverseResult,
    openapi_extra=body_openapi(ConverseRequest),
    responses={
        200: {
            "content": {"audio/wav": {}},
            "description": "JSON, or with Accept: audio/wav "
            "the reply WAV itself (headers X-Dialog-Id, X-Turn)",
        },
        **UNAUTHORIZED,
        502: {"description": "Accept: audio/wav and no reply audio could be made (TTS failed)"},
    },
)
async def converse(
    principal: PrincipalDep,  # first: no upload is read or stored for an unauthenticated call
    body: Annotated[ConverseRequest, Depends(body_of(ConverseRequest))],
    request: Request,
    _pipeline: PipelineDep,
    store: StoreDep,
) -> Any:
    """Multipart: ``audio`` (the learner's turn, ≤ 60 s), optional ``dialog_id`` (continue a
    dialog), ``level`` and ``mode`` (chat | drill). Runs ASR → assessment of the turn against
    its own transcript (phone errors, stress) → the tutor's reply (LLM; one correction may be
    woven in) → TTS. Stage failures are ``errors[]`` and a canned spoken prompt, never a 5xx.
    ``Accept: audio/wav`` answers the reply WAV instead of JSON."""
    if not body.audio_ref:
        raise InvalidRequest("audio required: upload the learner's turn in field `audio`")
    store.path(body.audio_ref)  # 400 malformed, 404 unknown: before any stage runs
    talk = converse_state(request.app)
    dialog = talk.dialogs.get_or_start(
        body.dialog_id, mode=body.mode, level=body.level, owner=principal.user_id
    )
    result: ConverseResult = await talk.conversation.turn(dialog, body.audio_ref)
    if "audio/wav" not in request.headers.get("accept", ""):
        return result
    if result.reply_audio is None:
        raise UpstreamError("no reply audio could be made (tts failed); see the JSON answer")
    return Response(
        store.read(result.reply_audio.id),
        media_type="audio/wav",
        headers={"X-Dialog-Id": result.dialog_id, "X-Turn": str(result.turn)},
    )


@router.websocket("/converse/stream")
async def converse_stream(
    ws: WebSocket, mode: str = "chat", level: str | None = None, hands_free: bool = False
) -> None:
    """Stream 16 kHz PCM16 in, get OpenAI-Realtime-style events out (docs/api.md). Query:
    ``mode`` chat|drill, ``level``, ``hands_free`` (wait for the wake word). Authenticated
    like HTTP (API key or the session cookie from this origin); else closed with 1008."""
    app = ws.app
    await ws.accept()
    if not service_state(app).loader.ready.is_set():
        await ws.close(code=1013, reason="orchestrator not ready")
        return
    try:
        async with app.state.sessions() as db:
            await authenticate(ws, db, state_changing=True)
    except VoiceMeshError as exc:
        await ws.close(code=1008, reason=exc.message[:120])
        return
    if mode not in ("chat", "drill") or (level is not None and level not in LEVELS):
        await ws.close(code=1008, reason="mode is chat|drill; level beginner|intermediate|advanced")
        return
    talk = converse_state(app)
    session = StreamSession(
        ws,
        talk.conversation,
        talk.dialogs,
        talk.settings,
        mode=mode,
        level=level,
        hands_free=hands_free,
    )
    await session.run()
