"""Durable storage: local files and S3 (moto's server mode over real HTTP, boto3 the client)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from voicemesh.errors import ArtifactNotFound, BadRequest
from voicemesh.storage import LocalStorage, S3Storage, Storage, open_storage
from voicemesh.testservers import s3_server


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return open_storage(None, tmp_path / "store")
    endpoint = request.getfixturevalue("s3_endpoint")
    return open_storage(f"s3://bucket-{time.time_ns()}?endpoint={endpoint}", tmp_path)


def test_put_get_delete(storage: Storage) -> None:
    storage.put("org1/a.wav", b"RIFF1234", "audio/wav")
    assert storage.get("org1/a.wav") == b"RIFF1234"
    storage.delete("org1/a.wav")
    with pytest.raises(ArtifactNotFound):
        storage.get("org1/a.wav")
    storage.delete("org1/a.wav")  # absent: no error


@pytest.mark.parametrize("key", ["../etc/passwd", "org1/../../x", "/abs/path", "org1", ""])
def test_keys_cannot_escape(storage: Storage, key: str) -> None:
    with pytest.raises(BadRequest):
        storage.put(key, b"x", "audio/wav")


def test_purge_deletes_only_old_objects(storage: Storage) -> None:
    storage.put("org1/old.wav", b"old", "audio/wav")
    time.sleep(1.1)  # S3 LastModified has one-second resolution
    storage.put("org1/new.wav", b"new", "audio/wav")
    assert storage.purge(max_age_s=1.0) == 1
    assert storage.get("org1/new.wav") == b"new"
    with pytest.raises(ArtifactNotFound):
        storage.get("org1/old.wav")


def test_s3_presigned_url_serves_without_credentials(s3_endpoint: str, tmp_path: Path) -> None:
    storage = open_storage(f"s3://presign?endpoint={s3_endpoint}&region=eu-west-1", tmp_path)
    assert isinstance(storage, S3Storage) and storage.bucket == "presign"
    storage.put("org1/b.wav", b"RIFFdata", "audio/wav")
    url = storage.signed_url("org1/b.wav", 60)
    assert url is not None and "Signature" in url
    got = httpx.get(str(url), timeout=10)
    assert got.status_code == 200 and got.content == b"RIFFdata"
    assert httpx.get(url.split("?")[0], timeout=10).status_code == 403


def test_local_has_no_presigned_url(tmp_path: Path) -> None:
    assert LocalStorage(tmp_path).signed_url("org1/a.wav", 60) is None
    with pytest.raises(ValueError, match="s3://"):
        open_storage("ftp://nope", tmp_path)
