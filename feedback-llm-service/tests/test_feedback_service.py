"""The service over HTTP: readiness, POST /process with each engine, the no-key fallback to
rules, MOCK_MODE, bad input, and logs free of the learner's text."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient

from feedback_llm_service.main import create_app
from feedback_llm_service.settings import FeedbackSettings
from voicemesh.contracts.feedback import FeedbackResponse
from voicemesh.paths import repo_root
from voicemesh.state import service_state
from voicemesh.testing import wait_ready

DATA = Path(__file__).parent / "data"
TARGET = "PRIVATE target sentence 4711"
TRANSCRIPT = "PRIVATE transcript 0815"


def body(name: str = "assessment_stress_error") -> dict[str, Any]:
    return {
        "assessment": json.loads((DATA / f"{name}.json").read_text()),
        "target_text": TARGET,
        "transcript": TRANSCRIPT,
        "learner_l1": "Mandarin",
        "level": "intermediate",
    }


def settings(tmp_path: Path, **fields: Any) -> FeedbackSettings:
    return FeedbackSettings(**{"VOICEMESH_ARTIFACT_DIR": str(tmp_path), **fields})


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings(tmp_path))) as c:
        wait_ready(c)
        yield c


def test_rules_engine_by_default(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    response = client.post("/process", json=body())
    assert response.status_code == 200
    result = FeedbackResponse.model_validate(response.json())
    assert result.engine.name == "rules"
    assert result.priorities[0].words == ["sufficient"]


def test_bad_body_is_a_422(client: TestClient) -> None:
    response = client.post("/process", json={"target_text": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert "assessment" in response.json()["error"]["message"]
    bad_level = client.post("/process", json={**body(), "level": "expert"})
    assert bad_level.status_code == 422


def test_openai_without_key_is_ready_and_serves_rules(tmp_path: Path) -> None:
    warnings: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record)

    handler = Collect()
    logger = logging.getLogger("feedback_llm_service")
    logger.addHandler(handler)
    try:
        app = create_app(settings(tmp_path, engine="openai"))
    finally:
        logger.removeHandler(handler)
    assert any(r.levelno == logging.WARNING and "rules engine" in r.getMessage() for r in warnings)
    with TestClient(app) as c:
        assert wait_ready(c)["engine"]["name"] == "rules"
        response = c.post("/process", json=body())
        assert response.status_code == 200 and response.json()["engine"]["name"] == "rules"


def test_openai_with_a_hosted_url_but_no_key_serves_rules(tmp_path: Path) -> None:
    app = create_app(
        settings(
            tmp_path,
            engine="openai",
            base_url="https://generativelanguage.googleapis.com/v1beta/openai/",
        )
    )
    assert service_state(app).engine.info.name == "rules"


def test_openai_engine_over_http(tmp_path: Path) -> None:
    app = create_app(
        settings(
            tmp_path,
            engine="openai",
            base_url="http://localhost:11434/v1",
            model="llama3.2",
            max_retries=0,
        )
    )
    with respx.mock(assert_all_called=False) as mock, TestClient(app) as c:
        route = mock.post("http://localhost:11434/v1/chat/completions").respond(
            429, json={"error": {}}
        )
        ready = wait_ready(c)
        assert ready["engine"] == {"name": "openai", "model": "llama3.2", "device": "remote"}
        response = c.post("/process", json=body())
    assert route.call_count == 1
    result = response.json()
    assert response.status_code == 200
    assert result["fallback_used"] is True and result["fallback_reason"].startswith("rate_limited")


@pytest.mark.parametrize("engine", ["rules", "openai"])
def test_request_logs_hold_no_learner_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, engine: str
) -> None:
    app = create_app(
        settings(tmp_path, engine=engine, base_url="http://llm.local/v1", max_retries=0)
    )
    logging.getLogger().addHandler(caplog.handler)  # create_app replaced the root handlers
    caplog.set_level(logging.DEBUG)
    try:
        with respx.mock(assert_all_called=False) as mock, TestClient(app) as c:
            mock.post("http://llm.local/v1/chat/completions").respond(200, json={"choices": []})
            wait_ready(c)
            assert c.post("/process", json=body()).status_code == 200
    finally:
        logging.getLogger().removeHandler(caplog.handler)
    assert any(r.name.startswith("feedback_llm_service") for r in caplog.records)
    for record in caplog.records:
        dumped = record.getMessage() + repr(record.__dict__)
        for private in (TARGET, TRANSCRIPT, "sufficient"):  # and the one rare word read
            assert private not in dumped, (private, record.name, record.getMessage())


def test_mock_mode_serves_the_fixture(tmp_path: Path) -> None:
    fixture = repo_root() / "tests" / "data" / "mock_feedback.json"
    expected = FeedbackResponse.model_validate_json(fixture.read_text())
    with TestClient(create_app(settings(tmp_path, MOCK_MODE=True))) as c:
        assert wait_ready(c)["engine"]["name"] == "fixture"
        response = c.post("/process", json=body("assessment_perfect"))
    assert response.status_code == 200
    assert FeedbackResponse.model_validate(response.json()) == expected
    assert expected.engine.name == "rules" and expected.tips  # recorded from a real rules run
