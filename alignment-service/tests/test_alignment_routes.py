"""HTTP behaviour of alignment-service with the real engine: multipart upload, artifact
references, structured errors, readiness."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from alignment_service.main import create_app
from alignment_service.settings import AlignmentSettings
from voicemesh.audio import Audio, encode_audio
from voicemesh.contracts.alignment import AlignmentResponse, AlignmentWordIn
from voicemesh.state import service_state
from voicemesh.testing import wait_ready

HELLO = "hello-world.wav"


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, make_settings: Callable[..., AlignmentSettings]
) -> Iterator[TestClient]:
    app = create_app(make_settings(tmp_path_factory.mktemp("align-routes")))
    with TestClient(app) as test_client:
        wait_ready(test_client)
        yield test_client


def words_json(words: list[AlignmentWordIn]) -> str:
    return json.dumps([w.model_dump() for w in words])


def test_ready_reports_the_pocketsphinx_engine(client: TestClient) -> None:
    ready = client.get("/ready").json()
    assert ready["status"] == "ready" and ready["engine"]["name"] == "pocketsphinx"


def test_multipart_upload_is_aligned(
    client: TestClient, audio_dir: Path, clip_words: dict[str, list[AlignmentWordIn]]
) -> None:
    response = client.post(
        "/process",
        files={"audio": (HELLO, (audio_dir / HELLO).read_bytes(), "audio/wav")},
        data={"words": words_json(clip_words[HELLO]), "textgrid": "true"},
    )
    assert response.status_code == 200, response.text
    body = AlignmentResponse.model_validate(response.json())
    assert body.status == "ok" and [w.text for w in body.words] == ["HELLO", "WORLD"]
    assert body.textgrid_ref is not None
    grid = service_state(client.app).store.read(body.textgrid_ref)
    assert b'name = "phones"' in grid


def test_json_with_an_artifact_reference(
    client: TestClient, audio_dir: Path, clip_words: dict[str, list[AlignmentWordIn]]
) -> None:
    ref = service_state(client.app).store.put((audio_dir / HELLO).read_bytes(), "wav")
    payload = {"audio_ref": ref, "words": [w.model_dump() for w in clip_words[HELLO]]}
    response = client.post("/process", json=payload)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["engine"]["name"] == "pocketsphinx"


def test_silence_is_a_200_with_status_failed(
    client: TestClient, clip_words: dict[str, list[AlignmentWordIn]]
) -> None:
    silence = encode_audio(Audio(np.zeros(16_000, np.float32), 16_000), "wav")
    response = client.post(
        "/process",
        files={"audio": ("silence.wav", silence, "audio/wav")},
        data={"words": words_json(clip_words[HELLO])},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "failed"
    assert response.json()["unaligned_words"] == [0, 1]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"words": [{"text": "A", "phones": ["AX"]}]}, 422, "validation_error"),
        ({"words": []}, 422, "validation_error"),
        ({"audio_ref": "AAAAAAAAAAAAAAAAAAAAAAAA.wav"}, 404, "artifact_not_found"),
        ({"audio_ref": "../../etc/passwd.wav"}, 422, "validation_error"),
    ],
)
def test_bad_requests_get_structured_errors(
    client: TestClient, audio_dir: Path, payload: dict[str, object], status: int, code: str
) -> None:
    body: dict[str, object] = {
        "audio_ref": service_state(client.app).store.put((audio_dir / HELLO).read_bytes(), "wav"),
        "words": [{"text": "HELLO", "phones": ["HH", "AH0", "L", "OW1"]}],
    } | payload
    response = client.post("/process", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
