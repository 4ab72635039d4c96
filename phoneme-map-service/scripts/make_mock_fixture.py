"""Write MOCK_MODE's answers from a real run of the cmudict engine:
``tests/data/mock_phoneme_map.json`` (the text of tests/audio's
adult-female-so-you-want-to-be-more-productive.wav) and
``tests/data/mock_phoneme_map_search.json`` (minimal pairs of THINK with [TH, S]).

.venv/bin/python phoneme-map-service/scripts/make_mock_fixture.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from phoneme_map_service.services.cmudict_engine import CmudictEngine
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_map import PatternSearchRequest, PhonemeMapRequest
from voicemesh.paths import repo_root

TEXT = "SO YOU WANT TO BE MORE PRODUCTIVE"


def _write(path: Path, result: BaseModel) -> None:
    path.write_text(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


def main() -> None:
    data = repo_root() / "tests" / "data"
    with tempfile.TemporaryDirectory() as tmp:
        fields: dict[str, Any] = {"VOICEMESH_ARTIFACT_DIR": Path(tmp), "MOCK_MODE": False}
        settings = PhonemeMapSettings(**fields)
        engine = CmudictEngine(settings, ArtifactStore(settings.artifact_dir))
        engine.load()
        _write(data / "mock_phoneme_map.json", engine.process(PhonemeMapRequest(text=TEXT)))
        query = PatternSearchRequest(minimal_pairs_of="THINK", contrast=["TH", "S"], limit=5)
        _write(data / "mock_phoneme_map_search.json", engine.search(query))


if __name__ == "__main__":
    main()
