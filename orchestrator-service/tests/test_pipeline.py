"""The orchestrator's flow against fake services (respx, ``fake_mesh`` in conftest.py): parallelism, fatal and non-fatal
stages, the transcript as target. The mock mesh in tests/test_mesh_mock.py runs real processes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from orchestrator_service.main import create_app
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.localkey import auth_headers
from voicemesh.testing import mock_fixture, mock_fixtures, wait_ready

ROOT = Path(__file__).resolve().parents[2]
CLIP = ROOT / "tests" / "audio" / "hello-world.wav"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = OrchestratorSettings(
        artifact_dir=tmp_path, stage_timeout_s=2.0, http_transport="httpx", warm_up=False
    )
    with TestClient(create_app(settings)) as c:
        wait_ready(c, 5)
        yield c


def _post(client: TestClient, text: str | None = "Hello world") -> httpx.Response:
    data = {"text": text} if text else {}
    return client.post(
        "/process",
        data=data,
        files={"audio": ("a.wav", CLIP.read_bytes())},
        headers=auth_headers(),  # the local admin key the app registered at start-up
    )


def test_full_flow_calls_every_stage_once(client: TestClient, fake_mesh: respx.MockRouter) -> None:
    response = _post(client)
    assert response.status_code == 200, response.text
    result = ProcessResult.model_validate(response.json())
    assert result.errors == [] and result.target_source == "given"
    assert all(fake_mesh[name].call_count == 1 for name in mock_fixtures())
    sent = json.loads(fake_mesh["alignment"].calls.last.request.content)
    assert sent["audio_ref"] == result.audio.learner.id  # type: ignore[union-attr]
    expected_words = mock_fixture("phoneme-map")["words"]
    assert [w["phones"] for w in sent["words"]] == [w["phones"] for w in expected_words]
    vc = json.loads(fake_mesh["voice-conversion"].calls.last.request.content)
    assert vc["reference_ref"] == result.audio.learner.id  # type: ignore[union-attr]


def test_text_given_starts_asr_phoneme_map_and_tts_together(
    client: TestClient, fake_mesh: respx.MockRouter
) -> None:
    result = ProcessResult.model_validate(_post(client).json())
    starts = {t.stage: t.start_s for t in result.timings}
    first_wave = [starts["asr"], starts["phoneme_map"], starts["tts"]]
    assert max(first_wave) - min(first_wave) < 0.05
    assert starts["alignment"] >= starts["phoneme_map"]


def test_non_fatal_failure_is_a_stage_error(
    client: TestClient, fake_mesh: respx.MockRouter
) -> None:
    fake_mesh["feedback"].mock(
        return_value=httpx.Response(
            500, json={"error": {"code": "internal_error", "message": "boom", "request_id": None}}
        )
    )
    result = ProcessResult.model_validate(_post(client).json())
    assert [(e.stage, e.code) for e in result.errors] == [("feedback", "upstream_error")]
    assert result.feedback is None and result.words and result.audio.own_voice is not None


def test_fatal_alignment_timeout_is_504(client: TestClient, fake_mesh: respx.MockRouter) -> None:
    fake_mesh["alignment"].mock(side_effect=httpx.ReadTimeout("slow"))
    response = _post(client)
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "upstream_timeout"


def test_without_text_the_transcript_is_the_target(
    client: TestClient, fake_mesh: respx.MockRouter
) -> None:
    result = ProcessResult.model_validate(_post(client, text=None).json())
    sent = json.loads(fake_mesh["phoneme-map"].calls.last.request.content)
    assert sent["text"] == result.transcript == result.target_text
    assert result.target_source == "transcript"


def test_no_speech_and_no_text_is_a_clear_422(
    client: TestClient, fake_mesh: respx.MockRouter
) -> None:
    silent = {
        **mock_fixture("asr"),
        "transcript": "",
        "normalized_transcript": "",
        "words": [],
        "no_speech": True,
    }
    fake_mesh["asr"].mock(return_value=httpx.Response(200, json=silent))
    response = _post(client, text=None)
    assert response.status_code == 422 and "no speech" in response.json()["error"]["message"]
    assert fake_mesh["alignment"].call_count == 0


def test_asr_down_without_text_is_fatal_503(
    client: TestClient, fake_mesh: respx.MockRouter
) -> None:
    fake_mesh["asr"].mock(side_effect=httpx.ConnectError("refused"))
    response = _post(client, text=None)
    assert response.status_code == 503 and "asr" in response.json()["error"]["message"]


def test_asr_down_with_text_still_assesses(client: TestClient, fake_mesh: respx.MockRouter) -> None:
    fake_mesh["asr"].mock(side_effect=httpx.ConnectError("refused"))
    result = ProcessResult.model_validate(_post(client).json())
    assert [e.stage for e in result.errors] == ["asr"] and result.transcript is None
    assert result.words and result.scores is not None


@pytest.mark.parametrize("hint", [False, True])
def test_target_sentence_is_asr_prompt_only_when_configured(
    tmp_path: Path, fake_mesh: respx.MockRouter, hint: bool
) -> None:
    settings = OrchestratorSettings(
        artifact_dir=tmp_path, stage_timeout_s=2.0, http_transport="httpx", asr_target_hint=hint
    )
    with TestClient(create_app(settings)) as client:
        wait_ready(client, 5)
        assert _post(client, text="Hello world").status_code == 200
    sent = json.loads(fake_mesh["asr"].calls.last.request.content)
    assert sent.get("initial_prompt") == ("Hello world" if hint else None)


def test_with_text_the_diff_does_not_wait_for_asr(
    client: TestClient, fake_mesh: respx.MockRouter
) -> None:
    async def slow_asr(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.5)
        return httpx.Response(200, json=mock_fixture("asr"))

    fake_mesh["asr"].mock(side_effect=slow_asr)
    result = ProcessResult.model_validate(_post(client).json())
    timing = {t.stage: t for t in result.timings}
    asr_end = timing["asr"].start_s + timing["asr"].duration_s
    assert timing["phoneme_diff"].start_s < asr_end <= timing["feedback"].start_s
    assert result.transcript and result.errors == []
