"""Typed HTTP clients the orchestrator uses to call the services.

One shared ``httpx.AsyncClient`` (connection pooling, explicit timeouts). Every engine call is
idempotent (it reads artifacts and returns JSON or a new artifact), so a call is retried
(stamina: exponential backoff with jitter) after a connection failure (refused, reset, or
dropped mid-answer: the service crashed) or a 503 (loading, overloaded). Before each retry the
client waits for the service's ``/ready``, so a crashed service that its supervisor restarts
gets the call once it has loaded again. Retries stop at the request's deadline
(:mod:`voicemesh.deadline`), or after ``attempts`` tries when no deadline is set. A read
timeout is never retried (the service may still be working). Failures become
:mod:`voicemesh.errors` upstream errors carrying the service's own code and message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx
import stamina
from pydantic import BaseModel, ValidationError

from voicemesh.contracts.alignment import AlignmentRequest, AlignmentResponse
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import PhonemeMapRequest, PhonemeMapResponse
from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse
from voicemesh.deadline import remaining_s
from voicemesh.errors import (
    ErrorBody,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from voicemesh.requestid import REQUEST_ID_HEADER, current_request_id

R = TypeVar("R", bound=BaseModel)
T = TypeVar("T")
_SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")


class _RetryableStatus(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class _NotReady(Exception):
    """``/ready`` did not answer 200 before a retry."""


_NOT_RETRIED = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout)


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, _RetryableStatus | _NotReady):
        return True
    return isinstance(exc, httpx.TransportError) and not isinstance(exc, _NOT_RETRIED)


@dataclass
class CallResult(Generic[T]):
    value: T
    server_s: float | None  # the service's own time (Server-Timing), seconds


class ServiceClient:
    """Client of one service. ``attempts`` counts the first try."""

    def __init__(
        self,
        name: str,
        base_url: str,
        http: httpx.AsyncClient,
        *,
        timeout_s: float,
        connect_timeout_s: float = 2.0,
        attempts: int = 3,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.timeout = httpx.Timeout(timeout_s, connect=connect_timeout_s)
        self.attempts = attempts
        self.headers = headers or {}

    async def post(self, path: str, payload: BaseModel, response_model: type[R]) -> CallResult[R]:
        """POST ``payload`` as JSON and parse the answer as ``response_model``.

        Raises UpstreamUnavailable (503: not reachable or not ready), UpstreamTimeout (504),
        UpstreamRejected (the service's 4xx, same status and code), UpstreamError (502: a 5xx
        or an answer that does not match the contract)."""
        url = f"{self.base_url}{path}"
        headers = {**self.headers, "content-type": "application/json"}
        if rid := current_request_id():
            headers[REQUEST_ID_HEADER] = rid
        body = payload.model_dump_json().encode()
        try:
            response = await self._send(url, body, headers)
        except _RetryableStatus as exc:
            response = exc.response
        except _NotReady:
            raise UpstreamUnavailable(f"{self.name} not ready again before the deadline") from None
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout):  # httpx-aiohttp also maps refusals here
                raise UpstreamUnavailable(f"{self.name} unreachable (could not connect)") from None
            raise UpstreamTimeout(f"{self.name}: no answer within {self.timeout.read} s") from None
        except httpx.TransportError as exc:
            raise UpstreamUnavailable(f"{self.name} unreachable ({type(exc).__name__})") from None
        return self._parse(response, response_model)

    async def _send(self, url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        """POST with stamina's retries. The first try runs before stamina's retry context is
        set up: that set-up costs ≈ 0.1 ms of CPU per call, seven calls per ``/process``
        (bench/mock_throughput.py), and nearly every call succeeds at once. A retryable failure
        of the first try is re-raised as stamina's first attempt, so the backoff and stamina's
        testing mode stay stamina's; its overall ``timeout`` (the request's remaining deadline,
        else the read timeout) counts from that failure."""
        try:
            return await self._try(url, body, headers, self._attempt_timeout())
        except Exception as exc:
            if not _retryable(exc):
                raise
            first_failure: Exception | None = exc
        left = remaining_s()
        async for attempt in stamina.retry_context(
            on=_retryable,
            attempts=None if left is not None else self.attempts,
            wait_initial=0.1,
            wait_max=1.0,
            wait_jitter=0.25,
            timeout=left if left is not None else self.timeout.read,
        ):
            with attempt:
                if first_failure is not None:
                    failure, first_failure = first_failure, None
                    raise failure
                await self._await_ready()
                response = await self._try(url, body, headers, self._attempt_timeout())
        return response

    def _attempt_timeout(self) -> httpx.Timeout:
        left = remaining_s()
        if left is None or self.timeout.read is None or left >= self.timeout.read:
            return self.timeout
        return httpx.Timeout(max(left, 0.05), connect=min(left, self.timeout.connect or left))

    async def _await_ready(self) -> None:
        """Raise :class:`_NotReady` unless the service's ``/ready`` answers 200 now."""
        try:
            ready = await self.http.get(f"{self.base_url}/ready", timeout=1.0)
        except httpx.TransportError:
            raise _NotReady from None
        if ready.status_code != 200:
            raise _NotReady

    async def _try(
        self, url: str, body: bytes, headers: dict[str, str], limits: httpx.Timeout
    ) -> httpx.Response:
        response = await self.http.post(url, content=body, headers=headers, timeout=limits)
        if response.status_code == 503:
            raise _RetryableStatus(response)
        return response

    def _parse(self, response: httpx.Response, response_model: type[R]) -> CallResult[R]:
        timing = _SERVER_TIMING.search(response.headers.get("server-timing", ""))
        server_s = float(timing.group(1)) / 1000.0 if timing else None
        if response.is_success:
            try:
                return CallResult(response_model.model_validate_json(response.content), server_s)
            except ValidationError as exc:
                raise UpstreamError(
                    f"{self.name} answered outside its contract: {exc.error_count()} errors"
                ) from None
        try:
            detail = ErrorBody.model_validate_json(response.content).error
            code, message = detail.code, detail.message
        except ValidationError:
            code, message = "http_error", response.text[:200]
        text = f"{self.name}: {message}"
        if response.status_code == 503:
            raise UpstreamUnavailable(text)
        if response.status_code == 504:
            raise UpstreamTimeout(text)
        if 400 <= response.status_code < 500:
            raise UpstreamRejected(text, status_code=response.status_code, code=code)
        raise UpstreamError(text)


class MeshClients:
    """Typed clients of the seven services, sharing one AsyncClient."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        urls: dict[str, str],
        *,
        timeout_s: float,
        connect_timeout_s: float = 2.0,
        attempts: int = 3,
        headers: dict[str, str] | None = None,
    ) -> None:
        """``headers`` go with every call (the mesh's internal token)."""

        def client(name: str) -> ServiceClient:
            return ServiceClient(
                name,
                urls[name],
                http,
                timeout_s=timeout_s,
                connect_timeout_s=connect_timeout_s,
                attempts=attempts,
                headers=headers,
            )

        self.http = http
        self._asr = client("asr")
        self._alignment = client("alignment")
        self._phoneme_map = client("phoneme-map")
        self._phoneme_diff = client("phoneme-diff")
        self._tts = client("tts")
        self._voice_conversion = client("voice-conversion")
        self._feedback = client("feedback")

    async def asr(self, req: AsrRequest) -> CallResult[AsrResponse]:
        return await self._asr.post("/process", req, AsrResponse)

    async def phoneme_map(self, req: PhonemeMapRequest) -> CallResult[PhonemeMapResponse]:
        return await self._phoneme_map.post("/process", req, PhonemeMapResponse)

    async def alignment(self, req: AlignmentRequest) -> CallResult[AlignmentResponse]:
        return await self._alignment.post("/process", req, AlignmentResponse)

    async def phoneme_diff(self, req: PhonemeDiffRequest) -> CallResult[PhonemeDiffResponse]:
        return await self._phoneme_diff.post("/process", req, PhonemeDiffResponse)

    async def tts(self, req: TtsRequest) -> CallResult[TtsResponse]:
        return await self._tts.post("/process", req, TtsResponse)

    async def voice_conversion(
        self, req: VoiceConversionRequest
    ) -> CallResult[VoiceConversionResponse]:
        return await self._voice_conversion.post("/process", req, VoiceConversionResponse)

    async def feedback(self, req: FeedbackRequest) -> CallResult[FeedbackResponse]:
        return await self._feedback.post("/process", req, FeedbackResponse)
