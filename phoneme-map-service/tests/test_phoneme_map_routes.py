"""The real app over HTTP: /ready, /process, /search and bad input (4xx, never a 500)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from phoneme_map_service.main import create_app
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.testing import wait_ready


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    artifacts: Path = tmp_path_factory.mktemp("artifacts")
    settings = PhonemeMapSettings(VOICEMESH_ARTIFACT_DIR=artifacts, MOCK_MODE=False)  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as http:
        wait_ready(http)
        yield http


def test_process_a_sentence(client: TestClient) -> None:
    response = client.post("/process", json={"text": "So you want to be more productive?"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [w["word"] for w in body["words"]][-1] == "PRODUCTIVE"
    assert body["engine"]["name"] == "cmudict"
    assert "cmudict" in body["engine"]["model"]


def test_search_route(client: TestClient) -> None:
    response = client.post("/search", json={"minimal_pairs_of": "THINK", "contrast": ["TH", "S"]})
    assert response.status_code == 200, response.text
    assert response.json()["matches"][0]["word"] == "SINK"
    stress = client.post("/search", json={"pattern": ". 1 . .", "limit": 3}).json()
    assert len(stress["matches"]) == 3 and stress["total"] > 3


def test_openapi_documents_both_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/process" in paths and "/search" in paths


@pytest.mark.parametrize(
    "body",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "word " * 10_000},  # 10,000 words: over the 2,000-character limit
        {"words": ["word"] * 10_000},  # over 300 words
        {"words": ["x" * 65]},
        {"text": "a " * 999},  # under the character limit, over the spoken-word limit
        {"text": "?! ..."},
        {"text": "hi", "extra": 1},
    ],
)
def test_bad_process_input_is_422(client: TestClient, body: dict[str, object]) -> None:
    response = client.post("/process", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "validation_error"


def test_control_characters_get_a_bounded_answer(client: TestClient) -> None:
    response = client.post("/process", json={"text": "hello\u0000\u0007 world\u001b"})
    assert response.status_code == 200
    assert [w["word"] for w in response.json()["words"]] == ["HELLO", "WORLD"]


def test_non_json_body_is_rejected(client: TestClient) -> None:
    response = client.post(
        "/process", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    response = client.post("/process", content=b"text", headers={"content-type": "text/plain"})
    assert response.status_code == 415


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"pattern": "TH *", "minimal_pairs_of": "think"},
        {"pattern": "QQ *"},
        {"pattern": "TH *", "contrast": ["TH"]},
        {"pattern": "TH *", "limit": 0},
        {"pattern": "x" * 201},
    ],
)
def test_bad_search_input_is_422(client: TestClient, body: dict[str, object]) -> None:
    response = client.post("/search", json=body)
    assert response.status_code == 422, response.text
