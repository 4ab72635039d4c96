"""The mesh's internal token: engine services answer only callers that hold it.

``voicemesh up`` generates one token per mesh into a file only its owner can read
(:func:`write_token_file`); under compose it is a secret mounted at ``/run/secrets``. Each
service reads it from ``VOICEMESH_INTERNAL_TOKEN_FILE`` (or ``VOICEMESH_INTERNAL_TOKEN``); the
orchestrator (and feedback, calling phoneme-map) send it in :data:`TOKEN_HEADER`. Health
endpoints stay open. A missing or wrong token is a structured 401 ``unauthorized``. This is
not the public API's authentication: the orchestrator's own endpoints do not check it.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from voicemesh.limits import send_error
from voicemesh.settings import ServiceSettings, SettingsError

TOKEN_HEADER = "x-voicemesh-internal-token"
OPEN_PATHS = frozenset({"/health", "/ready", "/metrics"})  # metrics: Prometheus scrapes them


def write_token_file(path: Path) -> str:
    """Write a new 256-bit token (:func:`secrets.token_urlsafe`) to ``path``, mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token)
    return token


def read_token(token: str | None, token_file: Path | None) -> str | None:
    """The configured token: the file's content (stripped) wins over the inline value."""
    if token_file is not None:
        try:
            value = token_file.read_text().strip()
        except OSError as exc:
            raise SystemExit(
                f"VOICEMESH_INTERNAL_TOKEN_FILE: cannot read {token_file}: {exc}"
            ) from None
        if not value:
            raise SystemExit(f"VOICEMESH_INTERNAL_TOKEN_FILE: {token_file} is empty")
        return value
    return token or None


def mesh_token(settings: ServiceSettings) -> str | None:
    """The token this service checks and sends, from its settings."""
    inline = settings.internal_token.get_secret_value() if settings.internal_token else None
    return read_token(inline, settings.internal_token_file)


def required_token(settings: ServiceSettings) -> str | None:
    """The token an engine service checks; None with ``VOICEMESH_INTERNAL_AUTH=off``. Exits
    (SettingsError) when auth is required and no token is configured."""
    if settings.internal_auth == "off":
        return None
    token = mesh_token(settings)
    if not token:
        raise SettingsError(
            "no internal token: set VOICEMESH_INTERNAL_TOKEN_FILE (voicemesh up and compose do)"
            " or VOICEMESH_INTERNAL_AUTH=off for a service nobody else can reach"
        )
    return token


def token_headers(token: str | None) -> dict[str, str]:
    """The header a caller sends (empty without a token)."""
    return {TOKEN_HEADER: token} if token else {}


class InternalAuthMiddleware:
    """Pure ASGI: every HTTP request outside :data:`OPEN_PATHS` needs the token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(TOKEN_HEADER.encode(), b"")
        if hmac.compare_digest(given, self.token):
            await self.app(scope, receive, send)
            return
        reason = "missing" if not given else "wrong"
        await send_error(
            send,
            401,
            "unauthorized",
            f"{reason} internal token: engine services answer only the mesh's own callers",
        )
