"""The encoder window of the embedded engine: the clip's own log-mel frames plus a margin of
faster-whisper's zero padding, never the whole padded 30 s window."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from faster_whisper.audio import pad_or_trim
from faster_whisper.feature_extractor import FeatureExtractor

from asr_service.services.faster_whisper_engine import FasterWhisperEngine
from asr_service.services.own_length import OwnLengthWhisperModel, content_frames, trimmed_window


def _padded_features(path: Path) -> tuple[np.ndarray, int]:
    """A clip's log-mel features as faster-whisper hands them to ``encode``: (80, 3000)."""
    samples, rate = sf.read(str(path), dtype="float32")
    assert rate == 16_000
    features = FeatureExtractor()(samples)
    return pad_or_trim(features), features.shape[-1]


def test_content_frames_find_the_clip_inside_the_padded_window(audio_dir: Path) -> None:
    padded, own = _padded_features(audio_dir / "child-male-mandy-has-a-big-arm.wav")
    assert padded.shape == (80, 3000)
    assert content_frames(padded) == own  # ≈ 3.1 s: 311 frames of 10 ms
    assert content_frames(np.zeros((80, 3000), dtype=np.float32)) == 0


def test_trimmed_window_keeps_content_plus_margin_and_even_length(audio_dir: Path) -> None:
    padded, own = _padded_features(audio_dir / "child-male-mandy-has-a-big-arm.wav")
    window = trimmed_window(padded[None], pad_s=1.0)
    assert window.shape[:2] == (1, 80)
    assert window.shape[-1] % 2 == 0
    assert own + 100 <= window.shape[-1] <= own + 101
    np.testing.assert_array_equal(window[0, :, :own], padded[:, :own])
    assert not window[0, :, own:].any()  # the margin is the padding itself


def test_trimmed_window_bounds(audio_dir: Path) -> None:
    padded, _ = _padded_features(audio_dir / "hello-world.wav")
    assert trimmed_window(padded, pad_s=0.0, min_s=10.0).shape[-1] == 1000
    assert trimmed_window(padded, pad_s=60.0).shape[-1] == 3000  # never past the input
    assert trimmed_window(np.zeros((80, 3000), dtype=np.float32), pad_s=0.0).shape[-1] == 2


@pytest.mark.slow
def test_engine_encodes_short_window(engine: FasterWhisperEngine, audio_dir: Path) -> None:
    """The loaded engine's model encodes a 3 s clip in far fewer than Whisper's 1500 frames."""
    model = engine.model
    assert isinstance(model, OwnLengthWhisperModel)
    padded, _ = _padded_features(audio_dir / "child-male-mandy-has-a-big-arm.wav")
    encoded = np.asarray(model.encode(padded))
    expected = trimmed_window(padded, model.encode_pad_s, model.encode_min_s).shape[-1]
    assert encoded.shape[:2] == (1, expected // 2)
    assert encoded.shape[1] < 1500
