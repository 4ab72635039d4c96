"""The app over HTTP (TestClient): the real engine, bad input as 4xx, and MOCK_MODE."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from phoneme_diff_service.main import create_app
from phoneme_diff_service.settings import PhonemeDiffSettings
from voicemesh.audio import Audio, encode_audio
from voicemesh.contracts.alignment import AlignmentResponse
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import WordPronunciation
from voicemesh.paths import repo_root
from voicemesh.state import service_state
from voicemesh.testing import assert_load_holds_blas_to_one_thread, wait_ready

from .conftest import clip, pronounce

GOOD = "adult-female-so-you-want-to-be-more-productive.wav"
TEXT = "SO YOU WANT TO BE MORE PRODUCTIVE"
Align = Callable[[Audio, list[WordPronunciation]], AlignmentResponse]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    artifacts: Path = tmp_path_factory.mktemp("artifacts")
    settings = PhonemeDiffSettings(VOICEMESH_ARTIFACT_DIR=artifacts, MOCK_MODE=False)  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as http:
        wait_ready(http)
        yield http


@pytest.fixture(scope="module")
def request_body(client: TestClient, align: Align) -> dict[str, object]:
    audio = clip(GOOD)
    words = pronounce(TEXT)
    audio_ref = service_state(client.app).store.put(encode_audio(audio, "wav"), "wav")
    return {
        "audio_ref": audio_ref,
        "expected": [w.model_dump(mode="json") for w in words],
        "alignment": align(audio, words).model_dump(mode="json"),
        "transcript": TEXT.lower(),
    }


def test_the_loaded_engine_holds_blas_to_its_thread_budget(tmp_path: Path) -> None:
    """numpy's BLAS (the log-mel filterbank) would otherwise run a thread per core."""
    engine = "phoneme_diff_service.services.gop_prosody_engine:GopProsodyEngine"
    assert_load_holds_blas_to_one_thread(
        engine, "phoneme_diff_service.settings:PhonemeDiffSettings", "DIFF_", tmp_path
    )


def test_process_returns_an_assessment(client: TestClient, request_body: dict[str, object]) -> None:
    response = client.post("/process", json=request_body)
    assert response.status_code == 200, response.text
    result = PhonemeDiffResponse.model_validate(response.json())
    assert [w.text for w in result.words] == TEXT.split()
    assert result.engine.name == "gop-prosody"
    assert 0 <= result.scores.overall <= 100


def test_alignment_that_does_not_match_is_422(
    client: TestClient, request_body: dict[str, object]
) -> None:
    body = dict(request_body)
    body["expected"] = body["expected"][:-1]  # type: ignore[index]
    response = client.post("/process", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "validation_error"


def test_missing_audio_is_4xx(client: TestClient, request_body: dict[str, object]) -> None:
    body = dict(request_body) | {"audio_ref": "AAAAAAAAAAAAAAAAAAAAAAAA.wav"}
    assert client.post("/process", json=body).status_code == 404
    body.pop("audio_ref")
    assert client.post("/process", json=body).status_code == 422


def test_mock_mode_serves_the_fixture(tmp_path: Path, request_body: dict[str, object]) -> None:
    settings = PhonemeDiffSettings(VOICEMESH_ARTIFACT_DIR=tmp_path, MOCK_MODE=True)  # type: ignore[call-arg]
    fixture = repo_root() / "tests" / "data" / "mock_phoneme_diff.json"
    expected = PhonemeDiffResponse.model_validate_json(fixture.read_text())
    with TestClient(create_app(settings)) as http:
        wait_ready(http)
        assert http.get("/ready").json()["engine"]["name"] == "fixture"
        response = http.post("/process", json=request_body)
        assert response.status_code == 200, response.text
        assert PhonemeDiffResponse.model_validate(response.json()) == expected
        assert [w["text"] for w in response.json()["words"]] == TEXT.split()
