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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import httpx
import stamina
from httpx_aiohttp import AiohttpTransport
from pydantic import BaseModel, ValidationError

from voicemesh.deadline import remaining_s
from voicemesh.errors import (
    ErrorBody,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from voicemesh.mesh import ServiceSpec
from voicemesh.requestid import REQUEST_ID_HEADER, current_request_id

R = TypeVar("R", bound=BaseModel)
Req = TypeVar("Req", bound=BaseModel)
Resp = TypeVar("Resp", bound=BaseModel)
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
    """Clients of the services the orchestrator calls (the registry's stage services, see
    :func:`voicemesh.mesh.stage_services`), sharing one ``httpx.AsyncClient`` that this object
    opens and closes: use it as ``async with`` (the orchestrator's lifespan does).

    The transport is aiohttp's (httpx-aiohttp) by default: for seven calls per request,
    httpcore's pool bookkeeping cost ≈ 4 ms of CPU per ``/process`` (bench/mock_throughput.py);
    ``transport="httpx"`` keeps httpcore's (what respx can mock)."""

    def __init__(
        self,
        urls: Mapping[str, str],
        *,
        timeout_s: float,
        connect_timeout_s: float = 2.0,
        attempts: int = 3,
        max_connections: int = 32,
        transport: Literal["aiohttp", "httpx"] = "aiohttp",
        headers: dict[str, str] | None = None,
    ) -> None:
        """``urls``: registry name → base URL; ``max_connections`` per service; ``headers`` go
        with every call (the mesh's internal token)."""
        pool = max_connections * max(1, len(urls))
        limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
        self.http = httpx.AsyncClient(
            transport=AiohttpTransport(limits=limits) if transport == "aiohttp" else None,
            limits=limits,
        )
        self._clients = {
            name: ServiceClient(
                name,
                url,
                self.http,
                timeout_s=timeout_s,
                connect_timeout_s=connect_timeout_s,
                attempts=attempts,
                headers=headers,
            )
            for name, url in urls.items()
        }

    async def call(self, service: ServiceSpec[Req, Resp], request: Req) -> CallResult[Resp]:
        """POST ``request`` to ``service``'s path and parse its response contract. Raises what
        :meth:`ServiceClient.post` raises."""
        return await self._clients[service.name].post(service.path, request, service.response)

    async def post(
        self, service: ServiceSpec[Any, Any], path: str, request: BaseModel, response: type[R]
    ) -> CallResult[R]:
        """POST to another endpoint of ``service`` (e.g. phoneme-map's ``/search``)."""
        return await self._clients[service.name].post(path, request, response)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> MeshClients:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
