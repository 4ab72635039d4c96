"""Typed HTTP clients the orchestrator uses to call the services.

One shared ``httpx.AsyncClient`` (connection pooling, explicit timeouts). Retries (stamina:
exponential backoff with jitter) happen only where a retry cannot repeat work: the connection
was never established, or the service answered 503 saying it is loading or overloaded. A read
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
from voicemesh.contracts.voice_conversion import (
    ProfileRequest,
    VoiceConversionRequest,
    VoiceConversionResponse,
    VoiceProfile,
)
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


_RETRY_ON = (httpx.ConnectError, httpx.ConnectTimeout, _RetryableStatus)


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
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.timeout = httpx.Timeout(timeout_s, connect=connect_timeout_s)
        self.attempts = attempts

    async def post(self, path: str, payload: BaseModel, response_model: type[R]) -> CallResult[R]:
        """POST ``payload`` as JSON and parse the answer as ``response_model``.

        Raises UpstreamUnavailable (503: not reachable or not ready), UpstreamTimeout (504),
        UpstreamRejected (the service's 4xx, same status and code), UpstreamError (502: a 5xx
        or an answer that does not match the contract)."""
        url = f"{self.base_url}{path}"
        headers = {"content-type": "application/json"}
        if rid := current_request_id():
            headers[REQUEST_ID_HEADER] = rid
        body = payload.model_dump_json().encode()
        try:
            response = await self._send(url, body, headers)
        except _RetryableStatus as exc:
            response = exc.response
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
        of the first try is re-raised as stamina's first attempt, so the number of attempts,
        the backoff and stamina's testing mode stay stamina's; its overall ``timeout`` counts
        from that failure."""
        try:
            return await self._try(url, body, headers)
        except _RETRY_ON as exc:
            first_failure: Exception | None = exc
        async for attempt in stamina.retry_context(
            on=_RETRY_ON,
            attempts=self.attempts,
            wait_initial=0.05,
            wait_max=1.0,
            timeout=self.timeout.read,
        ):
            with attempt:
                if first_failure is not None:
                    failure, first_failure = first_failure, None
                    raise failure
                response = await self._try(url, body, headers)
        return response

    async def _try(self, url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        response = await self.http.post(url, content=body, headers=headers, timeout=self.timeout)
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
    ) -> None:
        def client(name: str) -> ServiceClient:
            return ServiceClient(
                name,
                urls[name],
                http,
                timeout_s=timeout_s,
                connect_timeout_s=connect_timeout_s,
                attempts=attempts,
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

    async def voice_profile(self, req: ProfileRequest) -> CallResult[VoiceProfile]:
        """voice-conversion ``POST /profiles``: statistics over the given recordings."""
        return await self._voice_conversion.post("/profiles", req, VoiceProfile)

    async def feedback(self, req: FeedbackRequest) -> CallResult[FeedbackResponse]:
        return await self._feedback.post("/process", req, FeedbackResponse)
