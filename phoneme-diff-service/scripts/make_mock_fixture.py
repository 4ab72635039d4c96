"""Write ``tests/data/mock_phoneme_diff.json`` (MOCK_MODE's answer) from a real run: the
alignment-service's PocketSphinx engine aligns the clip, the gop-prosody engine assesses it
through its ``process`` (the service path, artifact store included).

    .venv/bin/python phoneme-diff-service/scripts/make_mock_fixture.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
from alignment_service.settings import AlignmentSettings
from phoneme_diff_service.lexical import dictionary_pronunciations
from phoneme_diff_service.services.gop_prosody_engine import GopProsodyEngine
from phoneme_diff_service.settings import PhonemeDiffSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import decode_audio
from voicemesh.contracts.alignment import AlignmentWordIn
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest
from voicemesh.paths import repo_root

CLIP = "adult-female-so-you-want-to-be-more-productive.wav"
TEXT = "SO YOU WANT TO BE MORE PRODUCTIVE"


def main() -> None:
    root = repo_root()
    with tempfile.TemporaryDirectory() as tmp:
        fields: dict[str, Any] = {"VOICEMESH_ARTIFACT_DIR": Path(tmp), "MOCK_MODE": False}
        store = ArtifactStore(Path(tmp))
        aligner = PocketSphinxEngine(AlignmentSettings(**fields), store)
        aligner.load()
        engine = GopProsodyEngine(PhonemeDiffSettings(**fields), store)
        engine.load()
        data = (root / "tests" / "audio" / CLIP).read_bytes()
        words = dictionary_pronunciations(TEXT)
        alignment = aligner.align(
            decode_audio(data), [AlignmentWordIn(text=w.text, phones=w.phones) for w in words]
        )
        request = PhonemeDiffRequest(
            audio_ref=store.put(data, "wav"),
            expected=words,
            alignment=alignment,
            transcript=TEXT.lower(),
        )
        result = engine.process(request)
    target = root / "tests" / "data" / "mock_phoneme_diff.json"
    target.write_text(json.dumps(result.model_dump(mode="json"), indent=1) + "\n")
    print(f"wrote {target}: scores {result.scores}")


if __name__ == "__main__":
    main()
