"""Request-id propagation: read ``X-Request-ID`` (or make one), keep it in a context variable
for logs and error bodies, echo it on the response, and let service clients forward it.
Each request ends with one ``request`` log line: method, path, status, duration (ms); never a
body or a query string."""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
access_log = logging.getLogger("voicemesh.access")
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware on the hot path). Also adds
    ``Server-Timing: app;dur=<ms>`` (time from request to response start), which the
    orchestrator records per stage to separate engine time from mesh overhead."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        rid = incoming if _VALID.match(incoming) else new_request_id()
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                elapsed_ms = (time.perf_counter() - started) * 1000.0
                message["headers"] = [
                    *message["headers"],
                    (REQUEST_ID_HEADER.encode(), rid.encode()),
                    (b"server-timing", f"app;dur={elapsed_ms:.2f}".encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000.0, 2),
                },
            )
            request_id_var.reset(token)
