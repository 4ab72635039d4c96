"""The GPU engine (WhisperX). Runs only where whisperx is installed (the GPU image)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio, encode_audio
from voicemesh.contracts.asr import AsrRequest

whisperx = pytest.importorskip(
    "whisperx", reason="whisperx is not installed (GPU image only: it pins CUDA torch 2.8)"
)
torch = pytest.importorskip("torch", reason="whisperx needs torch")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="whisperx engine needs a CUDA GPU"),
]


@pytest.fixture(scope="module")
def whisperx_engine(
    tmp_path_factory: pytest.TempPathFactory, make_settings: Callable[..., AsrSettings]
):  # type: ignore[no-untyped-def]
    from asr_service.services.whisperx_engine import WhisperXEngine

    settings = make_settings(tmp_path_factory.mktemp("whisperx"), engine="whisperx")
    engine = WhisperXEngine(settings, ArtifactStore(settings.artifact_dir))
    engine.load()
    return engine


def test_whisperx_transcribes_with_aligned_words(whisperx_engine, audio_dir: Path) -> None:  # type: ignore[no-untyped-def]
    store = whisperx_engine.store
    ref = store.put((audio_dir / "hello-world.wav").read_bytes(), "wav")
    result = whisperx_engine.process(AsrRequest(audio_ref=ref))
    assert result.normalized_transcript == "hello world"
    assert result.engine.name == "whisperx"
    assert all(0.0 <= w.start < w.end <= result.duration_s for w in result.words)
    assert [w.start for w in result.words] == sorted(w.start for w in result.words)


def test_whisperx_silence_is_no_speech(whisperx_engine) -> None:  # type: ignore[no-untyped-def]
    store = whisperx_engine.store
    silence = encode_audio(Audio(np.zeros(32_000, dtype=np.float32), 16_000), "wav")
    result = whisperx_engine.process(AsrRequest(audio_ref=store.put(silence, "wav")))
    assert result.no_speech and result.words == []
