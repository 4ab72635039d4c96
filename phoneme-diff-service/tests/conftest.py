"""Real engines for the phoneme-diff tests: the alignment-service's PocketSphinx engine (the
diff's input in the mesh), the fitted models, the bundled Whisper base encoder, CMUdict
pronunciations of test sentences."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from phoneme_diff_service.assessor import Assessor
from phoneme_diff_service.lexical import dictionary_pronunciations as pronounce
from phoneme_diff_service.models import Models
from phoneme_diff_service.settings import MODELS_DIR, PhonemeDiffSettings
from phoneme_diff_service.whisper_features import WhisperEncoder
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio, decode_audio
from voicemesh.contracts.alignment import AlignmentResponse, AlignmentWordIn
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import WordPronunciation
from voicemesh.paths import repo_root

AUDIO = repo_root() / "tests" / "audio"
INFO = EngineInfo(name="gop-prosody", model="test", device="cpu")


def clip(name: str) -> Audio:
    return decode_audio((AUDIO / name).read_bytes())


@pytest.fixture(scope="session")
def aligner(tmp_path_factory: pytest.TempPathFactory) -> object:
    engine_module = pytest.importorskip(
        "alignment_service.services.pocketsphinx_engine",
        reason="alignment-service (PocketSphinx) is not installed in this environment",
    )
    from alignment_service.settings import AlignmentSettings

    artifacts: Path = tmp_path_factory.mktemp("align-artifacts")
    settings = AlignmentSettings(VOICEMESH_ARTIFACT_DIR=artifacts, MOCK_MODE=False)  # type: ignore[call-arg]
    engine = engine_module.PocketSphinxEngine(settings, ArtifactStore(artifacts))
    engine.load()
    return engine


@pytest.fixture(scope="session")
def align(aligner: object) -> Callable[[Audio, list[WordPronunciation]], AlignmentResponse]:
    def run(audio: Audio, words: list[WordPronunciation]) -> AlignmentResponse:
        request = [AlignmentWordIn(text=w.text, phones=w.phones) for w in words]
        result: AlignmentResponse = aligner.align(audio, request, substitutions=None)  # type: ignore[attr-defined]
        return result

    return run


@pytest.fixture(scope="session")
def encoder() -> WhisperEncoder:
    return WhisperEncoder.bundled(PhonemeDiffSettings().model_cache)


@pytest.fixture(scope="session")
def assessor(encoder: WhisperEncoder) -> Assessor:
    return Assessor(Models.load(MODELS_DIR), encoder)


@pytest.fixture(scope="session")
def diff(
    assessor: Assessor, align: Callable[[Audio, list[WordPronunciation]], AlignmentResponse]
) -> Callable[[Audio, str], PhonemeDiffResponse]:
    """Align ``audio`` against ``text`` and assess it (the mesh's path without HTTP)."""

    def run(audio: Audio, text: str) -> PhonemeDiffResponse:
        words = pronounce(text)
        return assessor.assess(words, align(audio, words), audio, INFO)

    return run
