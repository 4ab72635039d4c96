"""``/converse`` without a mesh behind it: bad input is a structured 4xx, and unreachable
stages give structured errors and the canned reply instead of a 5xx; dialog transcripts."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from orchestrator_service.main import create_app
from orchestrator_service.services.converse.dialog import Dialogs
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.testing import wait_ready

CLIP = Path(__file__).resolve().parents[2] / "tests/audio/child-male-mandy-has-a-big-arm.wav"
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[TestClient]:
    monkeypatch.setenv("VOICEMESH_ARTIFACT_DIR", str(tmp_path))
    monkeypatch.setenv("VOICEMESH_SERVICE_URL_TEMPLATE", NOWHERE)  # every service, the LLM too
    monkeypatch.setenv("VOICEMESH_AUTH", "off")
    monkeypatch.setenv("ORCHESTRATOR_ATTEMPTS", "1")
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        wait_ready(c, 10)
        yield c


def test_a_turn_without_audio_or_with_a_bad_mode_is_a_422(client: TestClient) -> None:
    for data in ({}, {"mode": "chat"}):
        response = client.post("/converse", data=data)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"
    with CLIP.open("rb") as fh:
        bad = client.post("/converse", data={"mode": "lecture"}, files={"audio": fh})
    assert bad.status_code == 422 and "mode" in bad.json()["error"]["message"]


def test_unreachable_stages_answer_the_canned_prompt_with_structured_errors(
    client: TestClient,
) -> None:
    with CLIP.open("rb") as fh:
        response = client.post("/converse", files={"audio": fh})
    assert response.status_code == 200
    body = response.json()
    assert body["reply_text"] == "Sorry, I didn't catch that." and body["transcript"] is None
    assert [(e["stage"], e["code"]) for e in body["errors"]] == [
        ("asr", "upstream_unavailable"),
        ("tts", "upstream_unavailable"),
    ]
    assert body["reply_audio"] is None
    with CLIP.open("rb") as fh:
        wav = client.post("/converse", files={"audio": fh}, headers={"accept": "audio/wav"})
    assert wav.status_code == 502 and wav.json()["error"]["code"] == "upstream_error"


def test_stream_rejects_a_bad_mode(client: TestClient) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("/converse/stream?mode=lecture") as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 1008


def test_stream_answers_bad_events_with_an_error_event(client: TestClient) -> None:
    with client.websocket_connect("/converse/stream") as ws:
        assert ws.receive_json()["type"] == "session.created"
        ws.send_text("not json")
        assert ws.receive_json()["error"]["code"] == "invalid_event"
        ws.send_bytes(b"\0")
        assert ws.receive_json()["error"]["code"] == "invalid_audio"


def test_dialog_logs_hold_only_user_and_assistant_lines_and_keep_the_newest(
    tmp_path: Path,
) -> None:
    settings = OrchestratorSettings(
        dialog_log=True, dialog_log_dir=tmp_path, dialog_log_keep=2, dialog_log_max_bytes=1024
    )
    dialogs = Dialogs(settings)
    made = []
    for n in range(3):
        dialog = dialogs.get_or_start(f"dialog{n:04d}", mode="chat", level=None)
        for turn in range(12):  # > 1 KiB: rotates
            dialog.remember(f"learner line {turn} " * 4, f"tutor  line\n {turn} " * 4)
        dialogs.end(dialog)
        made.append(dialog)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert not any("dialog0000" in name for name in kept)
    assert any(name.endswith(".log.1") for name in kept)  # rotated by size
    lines = (tmp_path / Path(made[2].log.path).name).read_text().splitlines()  # type: ignore[union-attr]
    assert lines and all(line.startswith(("USER: ", "ASSISTANT: ")) for line in lines)
    speakers = [line.split(":")[0] for line in lines]
    assert all(a != b for a, b in pairwise(speakers))  # in turn order


def test_a_dialog_is_continued_only_by_its_owner() -> None:
    dialogs = Dialogs(OrchestratorSettings())
    mine = dialogs.get_or_start("shared-id-01", mode="chat", level=None, owner="user-a")
    mine.remember("I like tea.", "Tea is lovely! What kind?")
    again = dialogs.get_or_start("shared-id-01", mode="chat", level=None, owner="user-a")
    theirs = dialogs.get_or_start("shared-id-01", mode="chat", level=None, owner="user-b")
    assert again is mine and len(again.history) == 2
    assert theirs is not mine and theirs.history == []
