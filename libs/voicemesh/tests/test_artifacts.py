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
        "%2e%2e%2fsecret.wav",
        "..%2F..%2Fsecret.wav",
        "..\\..\\secret.wav",
        "abcdefghijklmnopqrstuvwx.wav/../../secret.wav",
        "abcdefghijklmnopqrstuvwx.wav\x00.txt",
        "~/secret.wav",
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


def test_absolute_paths_and_symlinks_are_refused(tmp_path: Path) -> None:
    store = ArtifactStore(tmp_path / "store")
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"s")
    with pytest.raises((BadRequest, ArtifactNotFound)):
        store.read(str(secret))
    link = "abcdefghijklmnopqrstuvwx.wav"  # a well-formed id
    (store.root / link).symlink_to(secret)
    with pytest.raises(ArtifactNotFound):
        store.read(link)


def test_retention_by_total_bytes_removes_the_oldest_first(tmp_path: Path) -> None:
    store = ArtifactStore(tmp_path)
    ids = [store.put(b"x" * 1000, "bin") for _ in range(5)]
    now = time.time()
    for age, artifact_id in zip((500, 400, 300, 200, 100), ids, strict=True):
        os.utime(store.path(artifact_id), (now - age, now - age))
    assert store.purge(3600, max_total_bytes=2500) == 3
    assert store.total_bytes() == 2000
    for artifact_id in ids[:3]:
        with pytest.raises(ArtifactNotFound):
            store.read(artifact_id)
    assert all(store.read(i) == b"x" * 1000 for i in ids[3:])


def test_retention_by_age_and_bytes_together(tmp_path: Path) -> None:
    store = ArtifactStore(tmp_path)
    old = store.put(b"o" * 10, "bin")
    past = time.time() - 7200
    os.utime(store.path(old), (past, past))
    fresh = [store.put(b"f" * 10, "bin") for _ in range(3)]
    assert store.purge(3600, max_total_bytes=10_000) == 1  # only the expired one
    assert [store.read(i) for i in fresh] == [b"f" * 10] * 3
