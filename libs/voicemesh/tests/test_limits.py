"""Body limits while streaming, JSON depth, admission control and the internal token, on a
small app built by the real factory (MOCK-free: a trivial engine)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict

from voicemesh.app import create_service_app
from voicemesh.contracts.common import EngineInfo
from voicemesh.errors import ErrorBody
from voicemesh.internal_auth import TOKEN_HEADER
from voicemesh.limits import Admission, check_json_depth
from voicemesh.routes import engine_route
from voicemesh.settings import ServiceSettings, SettingsError
from voicemesh.state import service_state
from voicemesh.testing import wait_ready


class EchoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ECHO_", extra="ignore")


class Echo(BaseModel):
    value: Any = None


class EchoEngine:
    blocking = False
    info = EngineInfo(name="echo", model="none", device="cpu")

    def load(self) -> None:
        pass

    def process(self, req: Echo) -> Echo:
        return req


def echo(engine: EchoEngine, request: Echo) -> Echo:
    return engine.process(request)


def _app(tmp_path: Path, **settings: Any) -> Any:
    router = APIRouter()
    engine_route(router, "/process", Echo, Echo, echo, summary="echo", description="echo")
    s = EchoSettings(VOICEMESH_ARTIFACT_DIR=tmp_path, **settings)  # type: ignore[call-arg]
    return create_service_app(
        service="echo", settings=s, make_engine=lambda _s, _st: EchoEngine(), routers=[router]
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = _app(tmp_path, VOICEMESH_MAX_UPLOAD_MB=0.01, VOICEMESH_MAX_JSON_MB=0.01)
    with TestClient(app) as c:
        wait_ready(c, 5)
        yield c


def _error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert ErrorBody.model_validate(response.json()).error.code == code


def test_a_declared_oversized_body_is_refused_unread(client: TestClient) -> None:
    big = b"x" * 200_000
    _error(
        client.post("/process", content=big, headers={"content-type": "application/json"}),
        413,
        "payload_too_large",
    )


@pytest.mark.anyio
async def test_a_streamed_body_is_cut_off_once_over_the_limit(tmp_path: Path) -> None:
    app = _app(tmp_path, VOICEMESH_MAX_UPLOAD_MB=0.01, VOICEMESH_MAX_JSON_MB=0.01)
    service_state(app).loader.load()
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked transfer
        nonlocal sent
        for _ in range(100):
            sent += 10_000
            yield b"[" * 10_000

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.post(
            "/process", content=chunks(), headers={"content-type": "application/json"}
        )
    _error(response, 413, "payload_too_large")
    assert sent < 100_000, "the whole body was read before the size check"


def test_json_size_and_depth_caps(client: TestClient) -> None:
    deep = "[" * 40 + "]" * 40
    _error(
        client.post(
            "/process",
            content=json.dumps({"value": 1}) + " " * 20_000,
            headers={"content-type": "application/json"},
        ),
        413,
        "payload_too_large",
    )
    _error(
        client.post(
            "/process", content=f'{{"value": {deep}}}', headers={"content-type": "application/json"}
        ),
        422,
        "validation_error",
    )
    ok = "[" * 20 + "]" * 20
    assert (
        client.post(
            "/process", content=f'{{"value": {ok}}}', headers={"content-type": "application/json"}
        ).status_code
        == 200
    )


def test_depth_scan_ignores_brackets_in_strings() -> None:
    check_json_depth(json.dumps({"value": "[" * 100}).encode())


def test_multipart_part_count_is_capped(client: TestClient) -> None:
    files = [("audio", (f"{i}.wav", b"x", "audio/wav")) for i in range(9)]
    response = client.post("/process", files=files)
    assert 400 <= response.status_code < 500
    ErrorBody.model_validate(response.json())


def test_internal_token_required_and_checked(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="VOICEMESH_INTERNAL_TOKEN_FILE"):
        _app(tmp_path, VOICEMESH_INTERNAL_AUTH="required")
    token_file = tmp_path / "token"
    token_file.write_text("s3cret\n")
    app = _app(
        tmp_path, VOICEMESH_INTERNAL_AUTH="required", VOICEMESH_INTERNAL_TOKEN_FILE=token_file
    )
    with TestClient(app) as c:
        wait_ready(c, 5)
        assert c.get("/health").status_code == 200
        _error(c.post("/process", json={"value": 1}), 401, "unauthorized")
        _error(
            c.post("/process", json={"value": 1}, headers={TOKEN_HEADER: "s3cre"}),
            401,
            "unauthorized",
        )
        _error(c.get("/openapi.json"), 401, "unauthorized")
        assert c.post("/process", json={"value": 1}, headers={TOKEN_HEADER: "s3cret"}).json() == {
            "value": 1
        }


@pytest.mark.anyio
async def test_admission_control_answers_503_with_retry_after_beyond_the_queue(
    tmp_path: Path,
) -> None:
    from voicemesh.limits import AdmissionControl

    gate = asyncio.Event()
    running = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal running
        running += 1
        await gate.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limited = AdmissionControl(app, Admission(in_flight=2, queued=3))
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        tasks = [asyncio.create_task(http.post("/process")) for _ in range(8)]
        await asyncio.sleep(0.2)
        assert running == 2
        gate.set()
        responses = await asyncio.gather(*tasks)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 5 + [503] * 3
    refused = [r for r in responses if r.status_code == 503]
    assert all(r.headers["retry-after"] == "2" for r in refused)
    assert all(r.json()["error"]["code"] == "overloaded" for r in refused)
