"""Write ``tests/data/mock_asr.json`` (MOCK_MODE's answer) from a real run of the default engine.

.venv/bin/python asr-service/scripts/make_mock_fixture.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from asr_service.services.faster_whisper_engine import FasterWhisperEngine
from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.asr import AsrRequest
from voicemesh.paths import repo_root

CLIP = "adult-female-so-you-want-to-be-more-productive.wav"


def main() -> None:
    root = repo_root()
    with tempfile.TemporaryDirectory() as tmp:
        fields: dict[str, Any] = {"VOICEMESH_ARTIFACT_DIR": Path(tmp), "MOCK_MODE": False}
        settings = AsrSettings(**fields)
        store = ArtifactStore(settings.artifact_dir)
        engine = FasterWhisperEngine(settings, store)
        engine.load()
        ref = store.put((root / "tests" / "audio" / CLIP).read_bytes(), "wav")
        result = engine.process(AsrRequest(audio_ref=ref))
    target = root / "tests" / "data" / "mock_asr.json"
    target.write_text(json.dumps(result.model_dump(mode="json"), indent=2) + "\n")
    print(f"wrote {target}: {result.transcript!r}")


if __name__ == "__main__":
    main()
