"""One error hierarchy for every VoiceMesh service.

Every error a service raises on purpose is a :class:`VoiceMeshError`; the handlers in
:mod:`voicemesh.app` turn it into ``{"error": {"code", "message", "request_id"}}`` with the
error's HTTP status. Modelled on openai-python's hierarchy: the class says what went wrong,
``status_code`` what the client sees, ``retryable`` whether trying again can help.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel


class ErrorDetail(BaseModel):
    code: str
    message: str
    request_id: str | None = None


class ErrorBody(BaseModel):
    """The body of every non-2xx answer of every service."""

    error: ErrorDetail


class VoiceMeshError(Exception):
    """Base class. ``code`` is a stable machine-readable string; ``message`` is for people."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    retryable: ClassVar[bool] = False

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(VoiceMeshError):
    status_code = 400
    code = "bad_request"


class InvalidRequest(VoiceMeshError):
    """The body parsed but a field is missing, of the wrong type or out of range (422)."""

    status_code = 422
    code = "validation_error"


class UnsupportedMediaType(VoiceMeshError):
    status_code = 415
    code = "unsupported_media_type"


class PayloadTooLarge(VoiceMeshError):
    status_code = 413
    code = "payload_too_large"


class AudioDecodeError(VoiceMeshError):
    """The bytes are not audio we can decode (or the file is truncated/corrupt)."""

    status_code = 422
    code = "audio_undecodable"


class AudioTooLong(VoiceMeshError):
    status_code = 413
    code = "audio_too_long"


class AudioTooShort(VoiceMeshError):
    status_code = 422
    code = "audio_too_short"


class NotFound(VoiceMeshError):
    status_code = 404
    code = "not_found"


class Unauthorized(VoiceMeshError):
    """No credentials, or a key/session that is wrong, revoked or expired (401)."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(VoiceMeshError):
    """Authenticated, but the role may not do this (only for the caller's own org's
    resources: another org's objects are 404)."""

    status_code = 403
    code = "forbidden"


class RateLimited(VoiceMeshError):
    """A per-org limit is used up: 429 with Retry-After (seconds)."""

    status_code = 429
    code = "rate_limited"
    retryable = True

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after_s))})
        self.retry_after_s = retry_after_s


class Conflict(VoiceMeshError):
    status_code = 409
    code = "conflict"


class ArtifactNotFound(NotFound):
    code = "artifact_not_found"


class EngineNotReady(VoiceMeshError):
    status_code = 503
    code = "engine_not_ready"
    retryable = True


class Overloaded(VoiceMeshError):
    """More requests are waiting than the engine's queue bound: 503 with Retry-After."""

    status_code = 503
    code = "overloaded"
    retryable = True

    def __init__(self, message: str, *, retry_after_s: int = 1) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after_s)})
        self.retry_after_s = retry_after_s


class EngineError(VoiceMeshError):
    """The engine failed on input that passed validation (a bug or a broken model)."""

    status_code = 500
    code = "engine_error"


class UpstreamError(VoiceMeshError):
    """A downstream service answered with an error or garbage (orchestrator side)."""

    status_code = 502
    code = "upstream_error"
    retryable = True


class UpstreamUnavailable(UpstreamError):
    status_code = 503
    code = "upstream_unavailable"


class UpstreamTimeout(UpstreamError):
    status_code = 504
    code = "upstream_timeout"


class UpstreamRejected(UpstreamError):
    """A downstream service refused the request with a 4xx; status and code are passed on."""

    retryable = False

    def __init__(self, message: str, *, status_code: int, code: str) -> None:
        super().__init__(message)
        self.status_code = status_code  # type: ignore[misc]
        self.code = code  # type: ignore[misc]


def describe_validation_errors(errors: Sequence[Any], limit: int = 8) -> str:
    """One line for pydantic's (or FastAPI's) validation errors: ``field.path: message; …``,
    the first ``limit`` of them."""
    parts = []
    for err in errors[:limit]:
        loc = ".".join(str(p) for p in err["loc"]) or "body"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)
