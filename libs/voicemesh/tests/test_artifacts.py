from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.errors import ArtifactNotFound, BadRequest


def test_put_read_and_audio(tmp_path: Path) -> None:
    store = ArtifactStore(tmp_path, public_base_url="http://x/artifacts")
    art = store.put_audio(Audio(np.zeros(8000, dtype=np.float32), 16000))
    assert art.duration_s == 0.5 and art.url == f"http://x/artifacts/{art.id}"
    assert store.load_audio(art.id).duration_s == 0.5
    assert store.media_type(art.id) == "audio/wav"


def test_ids_are_random_and_long(tmp_path: Path) -> None:
    store = ArtifactStore(tmp_path)
    ids = {store.put(b"x", "bin") for _ in range(50)}
    assert len(ids) == 50 and all(len(i.split(".")[0]) >= 24 for i in ids)


@pytest.mark.parametrize(
    "bad",
    [
        "../secret.wav",
        "/etc/passwd",
        "a/b.wav",
        "short.wav",
        "x" * 30 + ".exe",
        "",
        "....................wav",
    ],
)
def test_references_cannot_escape_the_store(tmp_path: Path, bad: str) -> None:
    store = ArtifactStore(tmp_path / "store")
    (tmp_path / "secret.wav").write_bytes(b"s")
    with pytest.raises((BadRequest, ArtifactNotFound)):
        store.read(bad)


def test_missing_and_expired(tmp_path: Path) -> None:
    store = ArtifactStore(tmp_path)
    old = store.put(b"old", "bin")
    new = store.put(b"new", "bin")
    past = time.time() - 7200
    os.utime(store.path(old), (past, past))
    assert store.purge(3600) == 1
    with pytest.raises(ArtifactNotFound):
        store.read(old)
    assert store.read(new) == b"new"
