"""Write tests/data/mock_voice_conversion.json and its audio from a real run of the praat
engine: the mock TTS audio (Piper, "Be more productive.") in the voice of the adult female
learner clip of tests/audio.

Run: ``.venv/bin/python voice-conversion-service/scripts/make_mock_fixture.py`` (repo root),
after ``tts-service/scripts/make_mock_fixture.py``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from voice_conversion_service.services.praat_engine import PraatEngine
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse
from voicemesh.paths import repo_root

SOURCE = "tests/data/mock_tts_model_pronunciation.wav"
LEARNER = "tests/audio/adult-female-so-you-want-to-be-more-productive.wav"
AUDIO_NAME = "mock_voice_conversion_own_voice.wav"


def main() -> None:
    root = repo_root()
    with tempfile.TemporaryDirectory() as tmp:
        store = ArtifactStore(Path(tmp))
        engine = PraatEngine(
            VoiceConversionSettings(artifact_dir=Path(tmp), mock_mode=False), store
        )
        engine.load()
        request = VoiceConversionRequest(
            audio_ref=store.put((root / SOURCE).read_bytes(), "wav"),
            reference_ref=store.put((root / LEARNER).read_bytes(), "wav"),
        )
        response = engine.process(request)
        shutil.copyfile(store.path(response.audio.id), root / "tests" / "data" / AUDIO_NAME)
    fixture = response.model_dump(exclude_none=True)
    fixture["audio"]["id"] = AUDIO_NAME
    VoiceConversionResponse.model_validate(fixture)
    (root / "tests" / "data" / "mock_voice_conversion.json").write_text(
        json.dumps(fixture, indent=1, ensure_ascii=False) + "\n"
    )
    print(json.dumps(fixture, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
