"""tts-service over HTTP: real Piper behind the routes, structured 4xx, and MOCK_MODE."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import decode_audio
from voicemesh.contracts.tts import TtsResponse
from voicemesh.state import service_state


def test_json_request_returns_a_stored_audio_artifact(client: TestClient) -> None:
    response = client.post("/process", json={"text": "Hello world.", "rate": 0.9})
    assert response.status_code == 200, response.text
    body = TtsResponse.model_validate(response.json())
    store: ArtifactStore = service_state(client.app).store
    audio = decode_audio(store.read(body.audio.id))
    assert audio.duration_s == pytest.approx(body.audio.duration_s, abs=0.01)
    assert [w.text for w in body.words] == ["Hello", "world"]
    assert body.engine.name == "piper"


def test_words_with_phones_over_multipart(client: TestClient) -> None:
    words = '[{"text": "photography", "phones": ["F","AH0","T","AA1","G","R","AH0","F","IY0"]}]'
    response = client.post("/process", data={"words": words, "format": "ogg"})
    assert response.status_code == 200, response.text
    assert response.json()["audio"]["format"] == "ogg"
    assert [w["text"] for w in response.json()["words"]] == ["photography"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 422),
        ({"text": "   "}, 422),
        ({"text": "hi", "rate": 3.0}, 422),
        ({"text": "hi", "format": "flac"}, 422),
        ({"text": "hi", "voice": "other"}, 422),
        ({"text": "hello world", "emphasize_word": 5}, 422),
        ({"words": [{"text": "cat", "phones": ["K", "AE1", "t"]}]}, 422),
        ({"words": [{"text": "cat", "phones": ["K", "QQ1", "T"]}]}, 422),
        ({"text": "?!"}, 422),
    ],
)
def test_bad_input_is_a_structured_4xx(
    client: TestClient, body: dict[str, Any], status: int
) -> None:
    response = client.post("/process", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == "validation_error"


def test_unsupported_content_type_is_415(client: TestClient) -> None:
    response = client.post("/process", content=b"hello", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_mock_mode_serves_the_fixture_with_real_audio(mock_client: TestClient) -> None:
    response = mock_client.post("/process", json={"text": "anything at all"})
    assert response.status_code == 200, response.text
    body = TtsResponse.model_validate(response.json())
    assert body.engine.name == "piper" and body.words
    store: ArtifactStore = service_state(mock_client.app).store
    audio = decode_audio(store.read(body.audio.id))
    assert audio.duration_s == pytest.approx(body.audio.duration_s, abs=0.01)
    assert audio.rms_dbfs() > -35.0
