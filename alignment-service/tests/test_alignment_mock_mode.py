"""MOCK_MODE serves tests/data/mock_alignment.json through the real response model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from alignment_service.main import create_app
from alignment_service.settings import AlignmentSettings
from voicemesh.contracts.alignment import AlignmentResponse
from voicemesh.paths import repo_root
from voicemesh.testing import wait_ready

FIXTURE = repo_root() / "tests" / "data" / "mock_alignment.json"


def test_fixture_is_a_valid_response_from_a_real_run() -> None:
    fixture = AlignmentResponse.model_validate(json.loads(FIXTURE.read_text()))
    assert fixture.engine.name == "pocketsphinx"  # recorded from the real engine
    assert fixture.status == "ok"
    assert " ".join(w.text for w in fixture.words) == "SO YOU WANT TO BE MORE PRODUCTIVE"
    assert all(p.gop is not None for w in fixture.words for p in w.phones)


def test_mock_mode_serves_the_fixture(
    tmp_path: Path, audio_dir: Path, make_settings: Callable[..., AlignmentSettings]
) -> None:
    settings = make_settings(tmp_path, MOCK_MODE=True)
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        ready = client.get("/ready").json()
        assert ready["status"] == "ready" and ready["engine"]["name"] == "fixture"
        response = client.post(
            "/process",
            files={"audio": ("h.wav", (audio_dir / "hello-world.wav").read_bytes(), "audio/wav")},
            data={"words": json.dumps([{"text": "HELLO", "phones": ["HH", "AH0", "L", "OW1"]}])},
        )
    assert response.status_code == 200
    assert response.json() == json.loads(FIXTURE.read_text())
