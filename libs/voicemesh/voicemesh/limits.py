"""Bounded load: request bodies limited while they stream in, JSON nesting capped, and the
orchestrator's admission control (requests in flight and queued), each answering with the
structured error body (413, 422, 503 + ``Retry-After``).

Pure ASGI middleware, cheaper on the hot path than ``BaseHTTPMiddleware``.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voicemesh.errors import InvalidRequest, PayloadTooLarge
from voicemesh.requestid import current_request_id

MAX_JSON_DEPTH = 32  # the deepest contract (phoneme-diff's assessment in feedback) nests < 10


class BodySizeLimit:
    """413 once a body passes ``max_bytes``: at once when ``Content-Length`` says so, else as
    soon as the streamed chunks add up to more, so an oversized body is never read whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await send_error(send, 413, "payload_too_large", self._message())
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise PayloadTooLarge(self._message())
            return message

        await self.app(scope, limited_receive, send)

    def _message(self) -> str:
        return f"request body over {self.max_bytes / 1e6:.1f} MB"


def check_json_depth(raw: bytes, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raise InvalidRequest (422) when ``raw`` nests arrays/objects deeper than ``max_depth``.
    A byte scan that skips string contents; runs before any parser builds the tree."""
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > max_depth:
                raise InvalidRequest(f"JSON nested deeper than {max_depth} levels")
        elif byte in (0x5D, 0x7D):
            depth -= 1


@dataclass(frozen=True)
class Admission:
    """At most ``in_flight`` requests run at once and ``queued`` wait; the next one is refused
    with 503 ``overloaded`` and ``Retry-After: retry_after_s``. Applies to ``paths`` only."""

    in_flight: int
    queued: int
    retry_after_s: int = 2
    paths: frozenset[str] = frozenset({"/process"})


class AdmissionControl:
    def __init__(self, app: ASGIApp, admission: Admission) -> None:
        self.app = app
        self.admission = admission
        self.slots = asyncio.Semaphore(admission.in_flight)
        self.waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.admission.paths:
            await self.app(scope, receive, send)
            return
        if self.slots.locked() and self.waiting >= self.admission.queued:
            a = self.admission
            await send_error(
                send,
                503,
                "overloaded",
                f"{a.in_flight} requests in flight and {a.queued} queued: retry later",
                headers=[(b"retry-after", str(a.retry_after_s).encode())],
            )
            return
        self.waiting += 1
        try:
            await self.slots.acquire()
        finally:
            self.waiting -= 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.slots.release()


async def send_error(
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """Answer with the mesh's error body from ASGI middleware (outside FastAPI's handlers)."""
    body = {"error": {"code": code, "message": message, "request_id": current_request_id()}}
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *(headers or [])],
        }
    )
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})
