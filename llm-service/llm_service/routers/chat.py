"""``POST /v1/chat/completions`` and ``GET /v1/models``: the OpenAI-compatible surface.

The routes answer under ``/v1`` and at the root, so both ``http://host:8008/v1`` and the
mesh's plain ``http://host:8008`` work as an OpenAI client's base URL. Streaming answers are
server-sent events in OpenAI's format (``data: {chunk}`` per piece,
then ``data: [DONE]``). Decoding runs in a worker thread that hands each piece to the event
loop; when the client goes away (a barge-in cancels the reply) the thread is told to stop
between two tokens, so the cores go back to the rest of the mesh at once.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from llm_service.settings import LlmSettings
from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.llm import (
    ChatChoice,
    ChatCompletion,
    ChatMessage,
    ChatRequest,
    ModelCard,
    ModelList,
)
from voicemesh.deps import EngineDep, RunnerDep
from voicemesh.engine import EngineRunner
from voicemesh.errors import EngineError, Overloaded
from voicemesh.state import service_state

router = APIRouter(tags=["llm"])
_END = object()


async def pieces(
    engine: Any, req: ChatRequest, runner: EngineRunner, max_tokens: int
) -> AsyncGenerator[str, None]:
    """The reply's text pieces. Raises Overloaded (503) before decoding starts when the engine
    queue is full, EngineError when decoding fails."""
    if runner.in_flight >= runner.capacity:
        raise Overloaded(f"llm busy: {runner.in_flight} replies in flight", retry_after_s=1)
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def produce() -> None:
        try:
            for piece in engine.stream(
                req.messages, max_tokens=max_tokens, temperature=req.temperature, stop=stop
            ):
                loop.call_soon_threadsafe(queue.put_nowait, piece)
        except Exception as exc:  # surfaced to the caller below
            loop.call_soon_threadsafe(queue.put_nowait, exc)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, _END)

    task = asyncio.ensure_future(runner.run(produce, blocking=engine.blocking))
    try:
        while (item := await queue.get()) is not _END:
            if isinstance(item, Exception):
                raise EngineError(f"decoding failed: {type(item).__name__}")
            yield item
    finally:
        stop.set()
        await asyncio.shield(task)


def _chunk(cid: str, created: int, model: str, delta: dict[str, str], finish: str | None) -> str:
    body = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


@router.post(
    "/process",
    response_model=ChatCompletion,
    openapi_extra=body_openapi(ChatRequest, files=()),
    responses={200: {"content": {"text/event-stream": {}}}},
    summary="Chat completion (the mesh's /process name for /v1/chat/completions)",
)
@router.post("/chat/completions", include_in_schema=False)  # base URL without /v1
@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    openapi_extra=body_openapi(ChatRequest, files=()),
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def chat_completions(
    body: Annotated[ChatRequest, Depends(body_of(ChatRequest))],
    engine: EngineDep,
    runner: RunnerDep,
    request: Request,
) -> Any:
    """OpenAI chat completion. ``max_tokens`` is capped by ``LLM_MAX_TOKENS`` (default 256);
    ``stream: true`` answers ``text/event-stream``. 503 when the reply queue is full."""
    settings = service_state(request.app).settings
    assert isinstance(settings, LlmSettings)
    cap = settings.max_tokens
    max_tokens = min(body.max_tokens or cap, cap)
    cid, created, model = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time()), engine.info.model
    stream = pieces(engine, body, runner, max_tokens)
    if not body.stream:
        text = "".join([piece async for piece in stream])
        message = ChatMessage(role="assistant", content=text)
        return ChatCompletion(
            id=cid,
            created=created,
            model=model,
            choices=[ChatChoice(message=message, finish_reason="stop")],
        )
    first = await anext(stream, None)  # errors before the first token still answer 4xx/5xx

    async def events() -> AsyncIterator[str]:
        try:
            yield _chunk(cid, created, model, {"role": "assistant"}, None)
            if first is not None:
                yield _chunk(cid, created, model, {"content": first}, None)
                async for piece in stream:
                    yield _chunk(cid, created, model, {"content": piece}, None)
            yield _chunk(cid, created, model, {}, "stop")
            yield "data: [DONE]\n\n"
        finally:
            await stream.aclose()  # a client that went away stops the decoding now

    return StreamingResponse(events(), media_type="text/event-stream")


@router.get("/models", include_in_schema=False)
@router.get("/v1/models", response_model=ModelList)
async def models(engine: EngineDep) -> ModelList:
    """The one model this service serves."""
    return ModelList(data=[ModelCard(id=engine.info.model)])
