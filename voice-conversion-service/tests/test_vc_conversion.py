"""Voice conversion on real learner clips: the model speech takes the learner's pitch, keeps
its length and stays speech."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from voice_conversion_service.services.voice_stats import to_sound
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio, decode_audio
from voicemesh.contracts.voice_conversion import VoiceConversionResponse
from voicemesh.state import service_state

LEARNERS = [
    "adult-female-so-you-want-to-be-more-productive.wav",
    "adult-female-stress-error-it-was-a-sufficient-answer.wav",
    "adult-male-but-again-he-has-made-a-very-clear-statement.wav",
    "child-male-mandy-has-a-big-arm.wav",
]


def f0_median(audio: Audio) -> float:
    """Median F0 (Hz) of voiced frames, Praat's plain autocorrelation pitch at 60–500 Hz: a
    measurement independent of the engine's two-pass analysis."""
    pitch = to_sound(audio).to_pitch(time_step=0.01, pitch_floor=60.0, pitch_ceiling=500.0)
    f0 = pitch.selected_array["frequency"]
    return float(np.median(f0[f0 > 0]))


def convert(client: TestClient, source: Path, reference: Path) -> VoiceConversionResponse:
    files = [
        ("audio", (source.name, source.read_bytes(), "audio/wav")),
        ("reference", (reference.name, reference.read_bytes(), "audio/wav")),
    ]
    response = client.post("/process", files=files)
    assert response.status_code == 200, response.text
    return VoiceConversionResponse.model_validate(response.json())


def stored(client: TestClient, artifact_id: str, sample_rate: int) -> Audio:
    store: ArtifactStore = service_state(client.app).store
    return decode_audio(store.read(artifact_id), sample_rate=sample_rate)


@pytest.mark.parametrize("learner", LEARNERS)
@pytest.mark.parametrize("source_name", ["tts", "adult-male"])
def test_output_takes_the_learner_pitch_and_keeps_the_source_length(
    client: TestClient, audio_dir: Path, tts_clip: Path, learner: str, source_name: str
) -> None:
    source_path = tts_clip if source_name == "tts" else audio_dir / LEARNERS[2]
    reference_path = audio_dir / learner
    body = convert(client, source_path, reference_path)

    source = decode_audio(source_path.read_bytes(), sample_rate=body.audio.sample_rate)
    output = stored(client, body.audio.id, body.audio.sample_rate)
    learner_f0 = f0_median(decode_audio(reference_path.read_bytes()))

    assert f0_median(output) == pytest.approx(learner_f0, rel=0.10)
    assert output.duration_s == pytest.approx(source.duration_s, rel=0.01)
    assert output.rms_dbfs() > -40.0
    assert output.rms_dbfs() == pytest.approx(source.rms_dbfs(), abs=3.0)
    assert body.method == "pitch-formant" and "not clone timbre" in body.note
    assert 0.8 <= body.formant_ratio <= 1.3


def test_tts_voice_measures_as_an_adult_male_tract_and_women_higher(
    client: TestClient, audio_dir: Path, tts_clip: Path
) -> None:
    female = convert(client, tts_clip, audio_dir / LEARNERS[0])
    male = convert(client, tts_clip, audio_dir / LEARNERS[2])
    assert female.source.formant_ratio == pytest.approx(1.0, abs=0.1)  # Piper's male voice
    assert female.target.formant_ratio > female.source.formant_ratio
    assert female.target.f0_median_hz > 1.4 * male.target.f0_median_hz
    assert female.formant_ratio > 1.0 and female.pitch_ratio > 1.8
