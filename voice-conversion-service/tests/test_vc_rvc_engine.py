"""RVC engine. The worker plumbing (process start, JSON protocol despite rvc-python's chatter on
stdout, semitone transposition, output fitting) runs everywhere against a stand-in library
(tests/fake_rvc); a real conversion needs rvc-python (GPU image, Python 3.10) and a trained
model, named by VC_RVC_PYTHON and VC_TEST_RVC_MODEL, and is skipped with the reason otherwise."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from voice_conversion_service.profile_store import ProfileStore
from voice_conversion_service.services.rvc_engine import RvcEngine
from voice_conversion_service.services.voice_stats import measure_voice, to_sound
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio, decode_audio
from voicemesh.contracts.voice_conversion import VoiceConversionRequest
from voicemesh.errors import InvalidRequest
from voicemesh.paths import repo_root

FAKE_RVC = Path(__file__).parent / "fake_rvc"
LEARNER = repo_root() / "tests/audio/adult-female-so-you-want-to-be-more-productive.wav"
SOURCE = repo_root() / "tests/data/mock_tts_model_pronunciation.wav"


def f0_median(audio: Audio) -> float:
    f0 = to_sound(audio).to_pitch(pitch_floor=60.0, pitch_ceiling=500.0).selected_array["frequency"]
    return float(np.median(f0[f0 > 0]))


@contextmanager
def started_engine(tmp_path: Path, model: Path, python: str | None) -> Iterator[RvcEngine]:
    settings = VoiceConversionSettings(
        artifact_dir=tmp_path / "artifacts",
        rvc_model_dir=model.parent,
        rvc_python=Path(python) if python else None,
        rvc_device=os.environ.get("VC_RVC_DEVICE", "cpu"),
        mock_mode=False,
    )
    engine = RvcEngine(settings, ArtifactStore(settings.artifact_dir))
    engine.load()
    try:
        yield engine
    finally:
        engine.close()


def convert_into_learner(engine: RvcEngine, model_name: str) -> tuple[Audio, Audio, float]:
    store = engine.pipeline.store
    source = store.put(SOURCE.read_bytes(), "wav")
    reference = store.put(LEARNER.read_bytes(), "wav")
    with pytest.raises(InvalidRequest):  # a bare recording names no RVC model
        engine.process(VoiceConversionRequest(audio_ref=source, reference_ref=reference))
    learner = decode_audio(LEARNER.read_bytes())
    profiles: ProfileStore = engine.pipeline.profiles
    profile = profiles.create(measure_voice([learner]), 1, model_name)
    response = engine.process(VoiceConversionRequest(audio_ref=source, profile_id=profile.id))
    assert response.method == "rvc"
    output = decode_audio(store.read(response.audio.id), sample_rate=response.audio.sample_rate)
    original = decode_audio(SOURCE.read_bytes(), sample_rate=response.audio.sample_rate)
    return output, original, f0_median(learner)


def test_worker_plumbing_with_a_stand_in_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(FAKE_RVC))
    model = tmp_path / "models" / "learner.pth"
    model.parent.mkdir()
    model.write_bytes(b"stand-in")
    with started_engine(tmp_path, model, None) as engine:
        output, original, learner_f0 = convert_into_learner(engine, "learner.pth")
        assert f0_median(output) == pytest.approx(learner_f0, rel=0.10)
        assert len(output.samples) == len(original.samples)
        assert output.rms_dbfs() > -40.0


def test_real_rvc_conversion(tmp_path: Path) -> None:
    python = os.environ.get("VC_RVC_PYTHON")
    model = os.environ.get("VC_TEST_RVC_MODEL")
    if not python or not shutil.which(python):
        pytest.skip("VC_RVC_PYTHON (a Python with rvc-python, GPU image) not set")
    if not model:
        pytest.skip("VC_TEST_RVC_MODEL (a trained RVC .pth) not set")
    with started_engine(tmp_path, Path(model), python) as engine:
        output, original, learner_f0 = convert_into_learner(engine, Path(model).name)
        assert f0_median(output) == pytest.approx(learner_f0, rel=0.10)
        assert len(output.samples) == len(original.samples)
        assert output.rms_dbfs() > -40.0
