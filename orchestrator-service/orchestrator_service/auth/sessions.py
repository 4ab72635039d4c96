"""Browser sessions: ``vm_session`` is an itsdangerous-signed, timestamped id of the API key the
learner signed in with — no secret in the cookie, and revoking the key ends the session.
HttpOnly, SameSite=Strict, Secure unless the request is plain-http loopback, Path=/.
Cookie-authenticated state changes also need ``X-VoiceMesh-CSRF: 1``, a custom header that a
cross-site form cannot send (OWASP CSRF cheat sheet: "custom request headers")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from voicemesh.settings import is_loopback

COOKIE = "vm_session"
CSRF_HEADER = "X-VoiceMesh-CSRF"


def load_secret(path: Path) -> str:
    """The signing secret kept in ``path`` (created, mode 0600, on first use)."""
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


class SessionSigner:
    def __init__(self, secret: str, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="voicemesh-session")
        self.max_age_s = max_age_s

    def dumps(self, key_id: str) -> str:
        return self._serializer.dumps({"k": key_id})

    def key_id(self, cookie: str) -> str | None:
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age_s)
        except BadSignature:  # SignatureExpired is a BadSignature
            return None
        return data.get("k") if isinstance(data, dict) else None


def _is_loopback_http(request: Request) -> bool:
    host = request.url.hostname or ""
    return request.url.scheme == "http" and (host == "testserver" or is_loopback(host))


def set_session_cookie(response: Response, request: Request, value: str, max_age_s: int) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=max_age_s,
        httponly=True,
        samesite="strict",
        secure=not _is_loopback_http(request),
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
