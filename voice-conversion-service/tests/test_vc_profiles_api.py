"""Voice profiles, structured 4xx answers and MOCK_MODE of voice-conversion-service."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from fastapi.testclient import TestClient

from voice_conversion_service.profile_store import resolve_rvc_model
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import decode_audio
from voicemesh.contracts.voice_conversion import VoiceConversionResponse, VoiceProfile
from voicemesh.errors import InvalidRequest
from voicemesh.state import service_state

FEMALE = "adult-female-so-you-want-to-be-more-productive.wav"
FEMALE_2 = "adult-female-stress-error-it-was-a-sufficient-answer.wav"


def upload(path: Path, field: str = "audio") -> tuple[str, tuple[str, bytes, str]]:
    return (field, (path.name, path.read_bytes(), "audio/wav"))


def store_of(client: TestClient) -> ArtifactStore:
    return service_state(client.app).store


def silence_wav(seconds: float = 1.0) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, np.zeros(int(16_000 * seconds), dtype=np.float32), 16_000, format="WAV")
    return buf.getvalue()


def test_profile_round_trip_and_conversion_by_profile(
    client: TestClient, audio_dir: Path, tts_clip: Path
) -> None:
    created = client.post(
        "/profiles", files=[upload(audio_dir / FEMALE), upload(audio_dir / FEMALE_2)]
    )
    assert created.status_code == 201, created.text
    profile = VoiceProfile.model_validate(created.json())
    assert profile.recordings == 2
    assert 180 < profile.stats.f0_median_hz < 260 and profile.stats.speech_s > 2.0

    fetched = client.get(f"/profiles/{profile.id}")
    assert fetched.status_code == 200
    assert VoiceProfile.model_validate(fetched.json()) == profile

    response = client.post(
        "/process",
        files=[upload(tts_clip)],
        data={"profile_id": profile.id, "format": "mp3"},
    )
    assert response.status_code == 200, response.text
    body = VoiceConversionResponse.model_validate(response.json())
    assert body.target == profile.stats and body.audio.format == "mp3"
    output = decode_audio(store_of(client).read(body.audio.id))
    assert output.rms_dbfs() > -40.0


def test_profile_from_artifact_ids_with_an_rvc_model(client: TestClient, audio_dir: Path) -> None:
    ref = store_of(client).put((audio_dir / FEMALE).read_bytes(), "wav")
    created = client.post(
        "/profiles", json={"audio_refs": [ref], "rvc_model_path": "learner/voice.pth"}
    )
    assert created.status_code == 201, created.text
    assert created.json()["rvc_model_path"] == "learner/voice.pth"


@pytest.mark.parametrize(
    "model", ["../voice.pth", "/etc/passwd.pth", "learner/missing.pth", "learner/voice.txt"]
)
def test_rvc_model_path_must_name_a_model_inside_the_model_dir(rvc_dir: Path, model: str) -> None:
    with pytest.raises(InvalidRequest):
        resolve_rvc_model(rvc_dir, model)
    assert resolve_rvc_model(rvc_dir, "learner/voice.pth").is_file()


def test_silent_reference_is_a_422(client: TestClient, tts_clip: Path) -> None:
    response = client.post(
        "/process",
        files=[upload(tts_clip), ("reference", ("silence.wav", silence_wav(), "audio/wav"))],
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "no_voiced_speech"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "validation_error"),
        ({"audio_ref": "a" * 24 + ".wav"}, 422, "validation_error"),  # no target voice
        (
            {
                "audio_ref": "a" * 24 + ".wav",
                "profile_id": "abcdefgh",
                "reference_ref": "b" * 24 + ".wav",
            },
            422,
            "validation_error",
        ),
        ({"audio_ref": "a" * 24 + ".wav", "profile_id": "../../etc"}, 422, "validation_error"),
        ({"audio_ref": "a" * 24 + ".wav", "profile_id": "unknownprofile"}, 404, None),
        ({"audio_ref": "a" * 24 + ".wav", "reference_ref": "b" * 24 + ".wav"}, 404, None),
        ({"audio_ref": "a" * 24 + ".wav", "profile_id": "x" * 16, "format": "aiff"}, 422, None),
    ],
)
def test_bad_process_requests_are_structured_4xx(
    client: TestClient, body: dict[str, Any], status: int, code: str | None
) -> None:
    response = client.post("/process", json=body)
    assert response.status_code == status, response.text
    assert "message" in response.json()["error"]
    if code:
        assert response.json()["error"]["code"] == code


def test_unknown_profile_is_404_for_a_real_source(client: TestClient, tts_clip: Path) -> None:
    response = client.post(
        "/process", files=[upload(tts_clip)], data={"profile_id": "nosuchprofile"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "profile_not_found"


@pytest.mark.parametrize(
    ("path", "status"), [("/profiles/nosuchprofile", 404), ("/profiles/bad.id", 400)]
)
def test_bad_profile_lookups(client: TestClient, path: str, status: int) -> None:
    assert client.get(path).status_code == status


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {}}, 422),
        ({"json": {"audio_refs": []}}, 422),
        ({"files": [("audio", ("notes.txt", b"not audio at all", "text/plain"))]}, 422),
        ({"files": [("audio", ("silence.wav", silence_wav(), "audio/wav"))]}, 422),
        ({"json": {"audio_refs": ["c" * 24 + ".wav"]}}, 404),
    ],
)
def test_bad_profile_requests_are_4xx(
    client: TestClient, kwargs: dict[str, Any], status: int
) -> None:
    response = client.post("/profiles", **kwargs)
    assert response.status_code == status, response.text
    assert "code" in response.json()["error"]


def test_mock_mode_serves_the_fixture_and_profiles_still_work(
    mock_client: TestClient, audio_dir: Path, tts_clip: Path
) -> None:
    response = mock_client.post(
        "/process", files=[upload(tts_clip), upload(audio_dir / FEMALE, "reference")]
    )
    assert response.status_code == 200, response.text
    body = VoiceConversionResponse.model_validate(response.json())
    output = decode_audio(store_of(mock_client).read(body.audio.id))
    assert output.duration_s == pytest.approx(body.audio.duration_s, abs=0.01)
    assert output.rms_dbfs() > -40.0

    created = mock_client.post("/profiles", files=[upload(audio_dir / FEMALE)])
    assert created.status_code == 201, created.text
    assert mock_client.get(f"/profiles/{created.json()['id']}").status_code == 200
