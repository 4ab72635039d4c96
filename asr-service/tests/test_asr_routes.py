"""HTTP behaviour of asr-service: uploads, artifact references, limits, readiness, overload."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import asr_service.main
from asr_service.main import create_app
from asr_service.services.faster_whisper_engine import FasterWhisperEngine
from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.engine import FixtureEngine
from voicemesh.state import service_state

MAX_AUDIO_S = 4.0  # the 4.9 s adult-male clip is over it, hello-world (0.8 s) under it
LONG_CLIP = "adult-male-but-again-he-has-made-a-very-clear-statement.wav"


def wait_ready(client: TestClient, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if client.get("/ready").status_code == 200:
            return
        time.sleep(0.05)
    raise AssertionError(f"not ready after {timeout_s} s: {client.get('/ready').json()}")


@pytest.fixture(scope="module")
def settings_for(make_settings: Callable[..., AsrSettings]) -> Callable[..., AsrSettings]:
    def build(tmp_path: Path, **overrides: Any) -> AsrSettings:
        return make_settings(tmp_path / "artifacts", VOICEMESH_MAX_AUDIO_S=MAX_AUDIO_S, **overrides)

    return build


def test_settings_hold_the_test_limits(
    tmp_path: Path, settings_for: Callable[..., AsrSettings]
) -> None:
    settings = settings_for(tmp_path)
    assert settings.max_audio_s == MAX_AUDIO_S
    assert settings.artifact_dir == tmp_path / "artifacts"


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, settings_for: Callable[..., AsrSettings]
) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path_factory.mktemp("routes")))
    with TestClient(app) as test_client:
        wait_ready(test_client)
        yield test_client


def error_code(response: Any) -> str:
    body = response.json()
    assert set(body["error"]) >= {"code", "message"} and body["error"]["message"]
    return str(body["error"]["code"])


@pytest.mark.slow
def test_multipart_upload_is_transcribed(client: TestClient, audio_dir: Path) -> None:
    response = client.post(
        "/process",
        files={"audio": ("hello.wav", (audio_dir / "hello-world.wav").read_bytes(), "audio/wav")},
        data={"language": "en", "initial_prompt": "Hello world."},
    )
    assert response.status_code == 200, response.text
    result = AsrResponse.model_validate(response.json())
    assert result.normalized_transcript == "hello world"
    assert [w.normalized for w in result.words] == ["hello", "world"]


@pytest.mark.slow
def test_artifact_reference_is_transcribed(client: TestClient, audio_dir: Path) -> None:
    store: ArtifactStore = service_state(client.app).store
    ref = store.put((audio_dir / "hello-world.wav").read_bytes(), "wav")
    response = client.post("/process", json={"audio_ref": ref})
    assert response.status_code == 200, response.text
    assert response.json()["normalized_transcript"] == "hello world"


def test_undecodable_upload_is_a_422_with_an_error_body(client: TestClient) -> None:
    response = client.post(
        "/process", files={"audio": ("x.wav", b"this is not audio at all", "audio/wav")}
    )
    assert response.status_code == 422
    assert error_code(response) == "audio_undecodable"


def test_too_long_upload_is_a_413(client: TestClient, audio_dir: Path) -> None:
    response = client.post(
        "/process", files={"audio": ("long.wav", (audio_dir / LONG_CLIP).read_bytes(), "audio/wav")}
    )
    assert response.status_code == 413
    assert error_code(response) == "audio_too_long"


def test_too_long_artifact_reference_is_held_to_the_same_limit(
    client: TestClient, audio_dir: Path
) -> None:
    store: ArtifactStore = service_state(client.app).store
    ref = store.put((audio_dir / LONG_CLIP).read_bytes(), "wav")
    response = client.post("/process", json={"audio_ref": ref})
    assert response.status_code == 413
    assert error_code(response) == "audio_too_long"


def test_undecodable_artifact_reference_is_a_422(client: TestClient) -> None:
    store: ArtifactStore = service_state(client.app).store
    ref = store.put(b"not audio", "wav")
    response = client.post("/process", json={"audio_ref": ref})
    assert response.status_code == 422
    assert error_code(response) == "audio_undecodable"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "validation_error"),  # no audio
        ({"audio_ref": "../../etc/passwd"}, 422, "validation_error"),
        ({"audio_ref": "AAAAAAAAAAAAAAAAAAAAAAAA.wav"}, 404, "artifact_not_found"),
        (
            {"audio_ref": "AAAAAAAAAAAAAAAAAAAAAAAA.wav", "language": "English"},
            422,
            "validation_error",
        ),
        ({"audio_ref": "AAAAAAAAAAAAAAAAAAAAAAAA.wav", "speed": 2}, 422, "validation_error"),
    ],
)
def test_bad_json_bodies_are_4xx(
    client: TestClient, body: dict[str, Any], status: int, code: str
) -> None:
    response = client.post("/process", json=body)
    assert response.status_code == status, response.text
    assert error_code(response) == code


def test_unsupported_content_type_is_a_415(client: TestClient) -> None:
    response = client.post("/process", content=b"x", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert error_code(response) == "unsupported_media_type"


class GatedEngine(FasterWhisperEngine):
    """The real engine whose load waits until the test opens the gate."""

    gate = threading.Event()

    def load(self) -> None:
        assert self.gate.wait(timeout=60)
        super().load()


@pytest.mark.slow
def test_ready_is_503_until_the_engine_has_loaded(
    tmp_path: Path,
    audio_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings_for: Callable[..., AsrSettings],
) -> None:
    monkeypatch.setattr(asr_service.main, "make_engine", GatedEngine)
    GatedEngine.gate.clear()
    with TestClient(create_app(settings_for(tmp_path))) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.json()["status"] == "loading"
        early = client.post(
            "/process",
            files={"audio": ("h.wav", (audio_dir / "hello-world.wav").read_bytes(), "audio/wav")},
        )
        assert early.status_code == 503 and error_code(early) == "engine_not_ready"
        GatedEngine.gate.set()
        wait_ready(client)
        assert client.get("/ready").json()["engine"]["name"] == "faster-whisper"
        late = client.post(
            "/process",
            files={"audio": ("h.wav", (audio_dir / "hello-world.wav").read_bytes(), "audio/wav")},
        )
        assert late.status_code == 200


class BlockingEngine(FixtureEngine[AsrResponse]):
    """Answers with the mock fixture, but only when the test releases it."""

    blocking = True
    entered = threading.Event()
    release = threading.Event()

    def process(self, request: Any) -> AsrResponse:
        assert isinstance(request, AsrRequest)
        self.entered.set()
        assert self.release.wait(timeout=30)
        return super().process(request)


def test_overload_is_a_503_with_retry_after(
    tmp_path: Path,
    audio_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings_for: Callable[..., AsrSettings],
) -> None:
    def make_blocking(settings: AsrSettings, store: ArtifactStore) -> BlockingEngine:
        return BlockingEngine(AsrResponse, settings.fixtures_dir / "mock_asr.json", store)

    monkeypatch.setattr(asr_service.main, "make_engine", make_blocking)
    BlockingEngine.entered.clear()
    BlockingEngine.release.clear()
    settings = settings_for(tmp_path, engine_concurrency=1, engine_queue=0)
    upload = {"audio": ("h.wav", (audio_dir / "hello-world.wav").read_bytes(), "audio/wav")}
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        first: dict[str, Any] = {}
        worker = threading.Thread(
            target=lambda: first.update(response=client.post("/process", files=upload))
        )
        worker.start()
        try:
            assert BlockingEngine.entered.wait(timeout=30)
            second = client.post("/process", files=upload)
            assert second.status_code == 503
            assert error_code(second) == "overloaded"
            assert int(second.headers["retry-after"]) >= 1
        finally:
            BlockingEngine.release.set()
            worker.join(timeout=30)
        assert first["response"].status_code == 200
        AsrResponse.model_validate(first["response"].json())
