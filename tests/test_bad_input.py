"""Bad input to every service gets a 4xx with the structured error body, never a 500."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from fastapi.testclient import TestClient

from voicemesh.errors import ErrorBody
from voicemesh.localkey import auth_headers, ensure_local_key
from voicemesh.mesh import SERVICES
from voicemesh.testing import wait_ready

AUDIO = Path(__file__).resolve().parent / "audio"


@pytest.fixture(scope="module", params=[s.name for s in SERVICES])
def client(
    request: pytest.FixtureRequest,
    monkeypatch_module: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TestClient]:
    spec = next(s for s in SERVICES if s.name == request.param)
    monkeypatch_module.setenv("MOCK_MODE", "true")
    monkeypatch_module.setenv("VOICEMESH_ARTIFACT_DIR", str(tmp_path_factory.mktemp("art")))
    monkeypatch_module.setenv("VOICEMESH_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    key = ensure_local_key()  # the orchestrator registers it: its inputs are checked, not 401
    app = importlib.import_module(f"{spec.package}.main").create_app()
    with TestClient(app, raise_server_exceptions=False, headers=auth_headers(key)) as c:
        wait_ready(c, 10)
        yield c


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def _wav(seconds: float) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, np.zeros(int(seconds * 16000), dtype=np.int16), 16000, format="WAV")
    return buf.getvalue()


def _assert_structured_4xx(response, label: str) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, (label, response.status_code, response.text)
    body = ErrorBody.model_validate(response.json())
    assert body.error.code and body.error.message, label
    assert body.error.request_id == response.headers["x-request-id"], label


@pytest.mark.parametrize(
    ("label", "kwargs"),
    [
        ("empty body", {"content": b""}),
        ("json null", {"json": None}),
        ("json list", {"json": [1, 2, 3]}),
        ("missing fields", {"json": {}}),
        ("wrong types", {"json": {"text": 5, "words": "x", "audio_ref": 7, "assessment": 1}}),
        ("unknown field", {"json": {"bogus": True}}),
        ("not json", {"content": b"{not json", "headers": {"content-type": "application/json"}}),
        ("wrong media type", {"content": b"hello", "headers": {"content-type": "text/plain"}}),
        ("non-audio bytes", {"files": {"audio": ("a.wav", b"definitely not audio" * 50)}}),
        (
            "truncated wav",
            {"files": {"audio": ("a.wav", (AUDIO / "hello-world.wav").read_bytes()[:44])}},
        ),
        ("ten-minute file", {"files": {"audio": ("a.wav", _wav(600))}}),
        ("escaping artifact ref", {"json": {"audio_ref": "../../etc/passwd.wav"}}),
    ],
)
def test_bad_input_is_a_structured_4xx(client: TestClient, label: str, kwargs: dict) -> None:  # type: ignore[type-arg]
    _assert_structured_4xx(client.post("/process", **kwargs), label)


def test_unknown_route_and_method(client: TestClient) -> None:
    _assert_structured_4xx(client.get("/nope"), "unknown route")
    _assert_structured_4xx(client.get("/process"), "wrong method")


def test_health_is_live(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
