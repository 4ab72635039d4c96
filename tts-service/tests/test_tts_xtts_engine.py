"""XTTS v2 (GPU image only): skipped with the reason where coqui-tts, CUDA or the CPML
acceptance is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import decode_audio
from voicemesh.contracts.tts import TtsRequest
from voicemesh.errors import InvalidRequest

pytest.importorskip("TTS.api", reason="coqui-tts is not installed (GPU image only)")
torch = pytest.importorskip("torch", reason="torch is not installed")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="XTTS engine needs a CUDA GPU"),
    pytest.mark.skipif(
        os.environ.get("COQUI_TOS_AGREED") != "1", reason="COQUI_TOS_AGREED=1 (CPML) not set"
    ),
]


def test_xtts_says_text_and_refuses_emphasis(tmp_path: Path) -> None:
    from tts_service.services.xtts_engine import XttsEngine
    from tts_service.settings import TtsSettings

    store = ArtifactStore(tmp_path)
    engine = XttsEngine(TtsSettings(artifact_dir=tmp_path, mock_mode=False), store)
    engine.load()
    response = engine.process(TtsRequest(text="But again he has made a very clear statement."))
    audio = decode_audio(store.read(response.audio.id))
    assert 0.2 <= audio.duration_s / 9 <= 1.0
    assert audio.rms_dbfs() > -35.0
    with pytest.raises(InvalidRequest):
        engine.process(TtsRequest(text="hello world", emphasize_word=1))
