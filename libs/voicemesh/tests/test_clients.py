from __future__ import annotations

import time

import httpx
import pytest
import respx
import stamina

from voicemesh.clients import ServiceClient
from voicemesh.contracts.common import EngineInfo
from voicemesh.deadline import deadline_in
from voicemesh.errors import UpstreamError, UpstreamRejected, UpstreamTimeout, UpstreamUnavailable
from voicemesh.requestid import request_id_var

pytestmark = pytest.mark.anyio

URL = "http://svc.test/process"
READY = "http://svc.test/ready"
OK = {"name": "e", "model": "m", "device": "cpu"}


@pytest.fixture(autouse=True)
def _fast_retries() -> None:
    stamina.set_testing(True, attempts=3)


async def _call() -> EngineInfo:
    async with httpx.AsyncClient() as http:
        client = ServiceClient("svc", "http://svc.test", http, timeout_s=1.0, attempts=3)
        return (await client.post("/process", EngineInfo(**OK), EngineInfo)).value


@respx.mock
async def test_connect_errors_are_retried_then_succeed() -> None:
    respx.get(READY).mock(return_value=httpx.Response(200))
    route = respx.post(URL).mock(
        side_effect=[httpx.ConnectError("down"), httpx.Response(200, json=OK)]
    )
    assert (await _call()).name == "e"
    assert route.call_count == 2


@respx.mock
async def test_503_is_retried_and_reported_as_unavailable() -> None:
    body = {"error": {"code": "engine_not_ready", "message": "loading", "request_id": None}}
    respx.get(READY).mock(return_value=httpx.Response(200))
    route = respx.post(URL).mock(return_value=httpx.Response(503, json=body))
    with pytest.raises(UpstreamUnavailable, match="loading"):
        await _call()
    assert route.call_count == 3


@respx.mock
async def test_read_timeouts_are_not_retried() -> None:
    route = respx.post(URL).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(UpstreamTimeout):
        await _call()
    assert route.call_count == 1


@respx.mock
async def test_4xx_passes_status_and_code_through_without_retry() -> None:
    body = {"error": {"code": "audio_too_long", "message": "too long", "request_id": "r"}}
    route = respx.post(URL).mock(return_value=httpx.Response(413, json=body))
    with pytest.raises(UpstreamRejected) as info:
        await _call()
    assert (info.value.status_code, info.value.code, route.call_count) == (413, "audio_too_long", 1)


@respx.mock
async def test_answers_outside_the_contract_are_502() -> None:
    respx.post(URL).mock(return_value=httpx.Response(200, json={"unexpected": 1}))
    with pytest.raises(UpstreamError) as info:
        await _call()
    assert info.value.status_code == 502


@respx.mock
async def test_request_id_is_forwarded() -> None:
    route = respx.post(URL).mock(return_value=httpx.Response(200, json=OK))
    token = request_id_var.set("abc-123")
    try:
        await _call()
    finally:
        request_id_var.reset(token)
    assert route.calls.last.request.headers["x-request-id"] == "abc-123"


@respx.mock
async def test_a_connection_dropped_mid_answer_is_retried_once_ready_again() -> None:
    """A crashed service: the call's connection is reset; the service loads again (/ready
    503, 503, 200) and only then gets the call again."""
    ready = respx.get(READY).mock(
        side_effect=[httpx.Response(503), httpx.ConnectError("down"), httpx.Response(200)]
    )
    route = respx.post(URL).mock(
        side_effect=[httpx.ReadError("connection reset"), httpx.Response(200, json=OK)]
    )
    stamina.set_testing(True, attempts=5)
    with deadline_in(30):
        assert (await _call()).name == "e"
    assert (ready.call_count, route.call_count) == (3, 2)


@respx.mock
async def test_retries_stop_at_the_request_deadline() -> None:
    stamina.set_testing(False)
    respx.get(READY).mock(return_value=httpx.Response(503))
    route = respx.post(URL).mock(side_effect=httpx.ConnectError("down"))
    started = time.monotonic()
    with deadline_in(0.5), pytest.raises(UpstreamUnavailable, match="not ready"):
        await _call()
    assert time.monotonic() - started < 2.5  # the deadline, plus one backoff and jitter
    assert route.call_count == 1  # never ready again: never called again


@respx.mock
async def test_internal_token_header_is_sent() -> None:
    route = respx.post(URL).mock(return_value=httpx.Response(200, json=OK))
    async with httpx.AsyncClient() as http:
        client = ServiceClient("svc", "http://svc.test", http, timeout_s=1.0, headers={"x-t": "k"})
        await client.post("/process", EngineInfo(**OK), EngineInfo)
    assert route.calls.last.request.headers["x-t"] == "k"
