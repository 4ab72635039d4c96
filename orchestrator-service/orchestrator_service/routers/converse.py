"""``POST /converse`` and ``WS /converse/stream``: conversation practice (docs/api.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, WebSocket
from fastapi.responses import Response

from orchestrator_service.services.converse.session import StreamSession
from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.converse import ConverseRequest, ConverseResult
from voicemesh.deps import EngineDep, StoreDep
from voicemesh.errors import InvalidRequest, UpstreamError

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
        502: {"description": "Accept: audio/wav and no reply audio could be made (TTS failed)"},
    },
)
async def converse(
    body: Annotated[ConverseRequest, Depends(body_of(ConverseRequest))],
    request: Request,
    _engine: EngineDep,
    store: StoreDep,
) -> Any:
    """Multipart: ``audio`` (the learner's turn, ≤ 60 s), optional ``dialog_id`` (continue a
    dialog), ``level`` and ``mode`` (chat | drill). Runs ASR → assessment of the turn against
    its own transcript (phone errors, stress) → the tutor's reply (LLM; one correction may be
    woven in) → TTS. Stage failures are ``errors[]`` and a canned spoken prompt, never a 5xx.
    ``Accept: audio/wav`` answers the reply WAV instead of JSON."""
    if not body.audio_ref:
        raise InvalidRequest("audio required: upload the learner's turn in field `audio`")
    app = request.app
    dialog = app.state.dialogs.get_or_start(body.dialog_id, mode=body.mode, level=body.level)
    result: ConverseResult = await app.state.conversation.turn(dialog, body.audio_ref)
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
    ``mode`` chat|drill, ``level``, ``hands_free`` (wait for the wake word)."""
    app = ws.app
    await ws.accept()
    if not app.state.engine_state.ready.is_set():
        await ws.close(code=1013, reason="orchestrator not ready")
        return
    if mode not in ("chat", "drill") or (level is not None and level not in LEVELS):
        await ws.close(code=1008, reason="mode is chat|drill; level beginner|intermediate|advanced")
        return
    session = StreamSession(
        ws,
        app.state.conversation,
        app.state.dialogs,
        app.state.settings,
        mode=mode,
        level=level,
        hands_free=hands_free,
    )
    await session.run()
