"""Write tests/data/mock_tts.json and its audio from a real run of the Piper engine.

Run: ``.venv/bin/python tts-service/scripts/make_mock_fixture.py`` (from the repo root).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from tts_service.services.piper_engine import PiperEngine
from tts_service.settings import TtsSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.paths import repo_root

TEXT = "Be more productive."
AUDIO_NAME = "mock_tts_model_pronunciation.wav"


def main() -> None:
    data_dir = repo_root() / "tests" / "data"
    with tempfile.TemporaryDirectory() as tmp:
        store = ArtifactStore(Path(tmp))
        engine = PiperEngine(TtsSettings(artifact_dir=Path(tmp), mock_mode=False), store)
        engine.load()
        response = engine.process(TtsRequest(text=TEXT))
        shutil.copyfile(store.path(response.audio.id), data_dir / AUDIO_NAME)
    fixture = response.model_dump(exclude_none=True)
    fixture["audio"]["id"] = AUDIO_NAME
    TtsResponse.model_validate(fixture)
    (data_dir / "mock_tts.json").write_text(json.dumps(fixture, indent=1) + "\n")
    print(json.dumps(fixture, indent=1))


if __name__ == "__main__":
    main()
