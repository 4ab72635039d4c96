"""The MFA engine: its TextGrid reading always; a real ``mfa align`` only where MFA is
installed (the conda image)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from praatio import textgrid

from alignment_service.services.mfa_engine import MfaEngine, read_alignment, write_corpus
from alignment_service.settings import AlignmentSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignmentWordIn

HELLO = [
    AlignmentWordIn(text="HELLO", phones=["HH", "AH0", "L", "OW1"]),
    AlignmentWordIn(text="WORLD", phones=["W", "ER1", "L", "D"]),
]


def test_corpus_has_one_pronunciation_per_word_position(
    tmp_path: Path, load_clip: Callable[[str], Audio]
) -> None:
    dictionary = write_corpus(tmp_path, load_clip("hello-world.wav"), HELLO)
    assert dictionary.read_text() == "w0\tHH AH0 L OW1\nw1\tW ER1 L D\n"
    assert (tmp_path / "corpus" / "utt.lab").read_text() == "w0 w1\n"
    assert (tmp_path / "corpus" / "utt.wav").stat().st_size > 20_000


def test_reads_an_mfa_style_textgrid(tmp_path: Path) -> None:
    grid = textgrid.Textgrid()
    grid.addTier(textgrid.IntervalTier("words", [(0.1, 0.4, "w0")], 0.0, 1.0))
    phones = [(0.1, 0.15, "HH"), (0.15, 0.2, "AH0"), (0.2, 0.3, "L"), (0.3, 0.4, "OW1")]
    grid.addTier(textgrid.IntervalTier("phones", phones, 0.0, 1.0))
    path = tmp_path / "utt.TextGrid"
    grid.save(str(path), format="long_textgrid", includeBlankSpaces=True)

    hello, world = read_alignment(path, HELLO, 1.0)
    assert hello.aligned and (hello.start, hello.end) == (0.1, 0.4)
    assert [(p.phone, p.start, p.end, p.frames) for p in hello.phones] == [
        ("HH", 0.1, 0.15, 5),
        ("AH0", 0.15, 0.2, 5),
        ("L", 0.2, 0.3, 10),
        ("OW1", 0.3, 0.4, 10),
    ]
    assert not world.aligned and world.phones == []


@pytest.mark.skipif(shutil.which("mfa") is None, reason="mfa not on PATH (conda image only)")
def test_mfa_aligns_real_speech(tmp_path: Path, load_clip: Callable[[str], Audio]) -> None:
    store = ArtifactStore(tmp_path)
    engine = MfaEngine(AlignmentSettings(VOICEMESH_ARTIFACT_DIR=tmp_path), store)  # type: ignore[call-arg]
    engine.load()
    response = engine.align(load_clip("hello-world.wav"), HELLO)
    assert response.status == "ok"
    assert [p.phone for p in response.words[0].phones] == HELLO[0].phones
