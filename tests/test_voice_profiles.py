"""Voice profiles end to end through the orchestrator and the real voice-conversion service
(Praat engine): three samples → ``ready``; ``/process`` with the ``voice_id`` gives own-voice
audio whose median F0 is within 5 % of the samples'. The other services answer their fixtures
(respx); the VC app runs in-process and shares the orchestrator's artifact folder."""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import parselmouth
import pytest
import respx
import soundfile as sf
import stamina
from fastapi.testclient import TestClient

from orchestrator_service.main import create_app as create_orchestrator
from orchestrator_service.server_settings import ServerSettings
from orchestrator_service.settings import OrchestratorSettings
from voice_conversion_service.main import create_app as create_vc
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh import mesh
from voicemesh.audio import decode_audio
from voicemesh.localkey import auth_headers, ensure_local_key
from voicemesh.testing import mock_fixture, mock_fixtures, mock_url, wait_ready

ROOT = Path(__file__).resolve().parents[1]
AUDIO = ROOT / "tests" / "audio"
TTS_AUDIO = ROOT / "tests" / "data" / "mock_tts_model_pronunciation.wav"  # real Piper output
SAMPLES = (
    "adult-female-so-you-want-to-be-more-productive.wav",
    "adult-female-stress-error-it-was-a-sufficient-answer.wav",
)


def median_f0(clips: list[np.ndarray], sample_rate: int) -> float:
    """Median F0 (Hz) over the voiced frames of all clips: Praat's autocorrelation pitch,
    60–500 Hz (independent of the VC service's two-pass estimate)."""
    voiced: list[np.ndarray] = []
    for samples in clips:
        pitch = parselmouth.Sound(samples.astype(np.float64), sample_rate).to_pitch_ac(
            pitch_floor=60.0, pitch_ceiling=500.0
        )
        f0 = pitch.selected_array["frequency"]
        voiced.append(f0[f0 > 0])
    return float(np.median(np.concatenate(voiced)))


def padded_quiet(path: Path) -> bytes:
    """The clip at −12 dB between 1 s of near-silence on each side, as FLAC: trimming and
    normalisation must undo both."""
    samples, rate = sf.read(str(path), dtype="float32")
    rng = np.random.default_rng(0)
    pad = (rng.standard_normal(rate) * 1e-4).astype(np.float32)
    buf = io.BytesIO()
    sf.write(buf, np.concatenate([pad, samples * 0.25, pad]), rate, format="FLAC")
    return buf.getvalue()


@pytest.fixture
def orchestrator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("VOICEMESH_STATE_DIR", str(tmp_path / "state"))
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    vc_app = create_vc(VoiceConversionSettings(artifact_dir=artifacts))
    stamina.set_testing(True, attempts=1)
    with TestClient(vc_app) as vc, respx.mock(assert_all_called=False) as router:
        wait_ready(vc, 60)

        def to_vc(request: httpx.Request) -> httpx.Response:
            answer = vc.request(
                request.method, request.url.path, content=request.content, headers=request.headers
            )
            return httpx.Response(
                answer.status_code, content=answer.content, headers=answer.headers
            )

        def tts(request: httpx.Request) -> httpx.Response:
            shutil.copy(TTS_AUDIO, artifacts / TTS_AUDIO.name)
            return httpx.Response(200, json=mock_fixture("tts", TTS_AUDIO.name))

        vc_url = mesh.service_url("voice-conversion")
        router.route(url__startswith=vc_url).mock(side_effect=to_vc)
        for name in mock_fixtures():
            if name not in ("tts", "voice-conversion"):
                url = mock_url(name)
                router.post(url).mock(return_value=httpx.Response(200, json=mock_fixture(name)))
        router.post(mock_url("tts")).mock(side_effect=tts)
        router.route(host="testserver").pass_through()
        settings = OrchestratorSettings(
            artifact_dir=artifacts, stage_timeout_s=30.0, http_transport="httpx"
        )
        ensure_local_key()
        with TestClient(
            create_orchestrator(settings, ServerSettings()), headers=auth_headers()
        ) as c:
            wait_ready(c, 10)
            yield c
    stamina.set_testing(False)


def wait_voice(client: TestClient, voice_id: str, timeout_s: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        voice: dict[str, Any] = client.get(f"/voices/{voice_id}").json()
        if voice["status"] != "pending":
            return voice
        time.sleep(0.1)
    raise AssertionError(f"voice still pending: {voice}")


def test_three_samples_make_a_ready_voice_that_process_speaks_in(orchestrator: TestClient) -> None:
    created = orchestrator.post("/voices", json={"name": "my voice"})
    assert created.status_code == 201
    voice = created.json()
    assert (voice["status"], voice["samples"]) == ("pending", 0)
    uploads = [(name, (AUDIO / name).read_bytes()) for name in SAMPLES]
    uploads.append(("quiet.flac", padded_quiet(AUDIO / SAMPLES[0])))
    for n, (name, data) in enumerate(uploads, start=1):
        added = orchestrator.post(f"/voices/{voice['id']}/samples", files={"audio": (name, data)})
        assert added.status_code == 201, added.text
        assert added.json()["samples"] == n
    # The padded copy is trimmed back to about the original's length (± 0.1 s pads).
    original_s = sf.info(str(AUDIO / SAMPLES[0])).duration
    assert abs(added.json()["duration_s"] - original_s) < 0.5
    ready = wait_voice(orchestrator, voice["id"])
    assert ready["status"] == "ready", ready
    assert orchestrator.get("/voices").json()["items"][0]["id"] == voice["id"]

    clips = [decode_audio((AUDIO / name).read_bytes()).samples for name in SAMPLES]
    clips.append(clips[0])
    target = median_f0(clips, 16_000)
    assert abs(ready["f0_median_hz"] - target) / target < 0.05

    result = orchestrator.post(
        "/process",
        data={"text": "Be more productive", "voice_id": voice["id"]},
        files={
            "audio": (
                "me.wav",
                (
                    AUDIO / "adult-male-but-again-he-has-made-a-very-clear-statement.wav"
                ).read_bytes(),
            )
        },
    )
    assert result.status_code == 200, result.text
    own = result.json()["audio"]["own_voice"]
    got = orchestrator.get(f"/artifacts/{own['id']}")
    assert got.status_code == 200
    audio, rate = sf.read(io.BytesIO(got.content), dtype="float32")
    achieved = median_f0([audio], rate)
    # The recording sent is a man's (≈ 100 Hz): the profile, not it, sets the pitch.
    print(
        f"voice F0: samples {target:.1f} Hz, profile {ready['f0_median_hz']:.1f} Hz, own voice {achieved:.1f} Hz"
    )
    assert abs(achieved - target) / target < 0.05, (achieved, target)


def test_voice_errors(orchestrator: TestClient) -> None:
    voice = orchestrator.post("/voices", json={"name": "v"}).json()
    pending = orchestrator.post(
        "/process",
        data={"text": "Hello", "voice_id": voice["id"]},
        files={"audio": ("a.wav", (AUDIO / "hello-world.wav").read_bytes())},
    )
    assert pending.status_code == 409 and pending.json()["error"]["code"] == "voice_not_ready"
    silence = io.BytesIO()
    sf.write(silence, np.zeros(32_000, dtype=np.float32), 16_000, format="WAV")
    short = orchestrator.post(
        f"/voices/{voice['id']}/samples", files={"audio": ("s.wav", silence.getvalue())}
    )
    assert short.status_code == 422 and short.json()["error"]["code"] == "audio_too_short"
    assert orchestrator.get("/voices/nonexistent-voice").status_code == 404
