"""MOCK_MODE serves tests/data/mock_phoneme_map*.json through the real response models."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from phoneme_map_service.main import create_app
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.contracts.phoneme_map import PatternSearchResponse, PhonemeMapResponse
from voicemesh.paths import repo_root
from voicemesh.testing import wait_ready


def test_mock_mode_serves_both_fixtures(tmp_path: Path) -> None:
    settings = PhonemeMapSettings(VOICEMESH_ARTIFACT_DIR=tmp_path, MOCK_MODE=True)  # type: ignore[call-arg]
    data = repo_root() / "tests" / "data"
    expected = PhonemeMapResponse.model_validate_json((data / "mock_phoneme_map.json").read_text())
    expected_search = PatternSearchResponse.model_validate(
        json.loads((data / "mock_phoneme_map_search.json").read_text())
    )
    with TestClient(create_app(settings)) as http:
        wait_ready(http)
        ready = http.get("/ready").json()
        assert ready["engine"]["name"] == "fixture"
        body = http.post("/process", json={"text": "anything at all"}).json()
        assert PhonemeMapResponse.model_validate(body) == expected
        assert [w["word"] for w in body["words"]] == "SO YOU WANT TO BE MORE PRODUCTIVE".split()
        found = http.post("/search", json={"pattern": "TH *"}).json()
        assert PatternSearchResponse.model_validate(found) == expected_search
        assert http.post("/process", json={"text": ""}).status_code == 422
