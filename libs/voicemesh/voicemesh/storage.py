"""Durable object storage for what a server keeps for its users (uploads, model audio, own-voice
audio): one interface, two backends chosen by URL.

- local files (default): ``LocalStorage(root)``, keys are relative paths under ``root``;
- any S3-compatible store (AWS S3, MinIO, moto): ``s3://BUCKET?endpoint=URL&region=R``
  (credentials from the standard AWS environment/config chain, via boto3).

Keys are ``<org>/<name>`` strings the caller builds from validated ids. This is not the mesh's
artifact store (:mod:`voicemesh.artifacts`), which passes short-lived files between services on
one volume; the orchestrator copies what it keeps from there into this storage.
"""

from __future__ import annotations

import os
import re
import time
from abc import ABC, abstractmethod
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from voicemesh.artifacts import delete_files_older_than
from voicemesh.errors import ArtifactNotFound, BadRequest

_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_.-]{1,100}){1,3}$")


def check_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise BadRequest("malformed storage key")
    return key


class Storage(ABC):
    """Blocking calls (run them in a thread from async code)."""

    @abstractmethod
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    @abstractmethod
    def get(self, key: str) -> bytes:
        """Raises ArtifactNotFound when the key is absent (deleted or expired)."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Deleting an absent key is not an error."""

    @abstractmethod
    def purge(self, max_age_s: float) -> int:
        """Delete objects older than ``max_age_s`` seconds; returns how many."""

    def signed_url(self, key: str, ttl_s: int) -> str | None:
        """A URL that serves the object without credentials for ``ttl_s`` seconds, where the
        backend can make one (S3 presigned GET); None for local files."""
        return None

    def describe(self) -> str:
        return type(self).__name__


class LocalStorage(Storage):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if self.root not in path.parents:
            raise BadRequest("malformed storage key")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise ArtifactNotFound("stored object not found (deleted or expired)") from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def purge(self, max_age_s: float) -> int:
        return delete_files_older_than(self.root.rglob("*"), max_age_s)

    def describe(self) -> str:
        return f"local files in {self.root}"


class S3Storage(Storage):
    """Objects in one bucket (created when missing). boto3 clients are thread-safe."""

    def __init__(self, bucket: str, *, endpoint_url: str | None, region: str | None) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.region = region or "us-east-1"
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=self.region,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}),
        )
        self._ensure_bucket()

    def _ensure_bucket(self) -> None:
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            if self.region == "us-east-1":  # S3 rejects an explicit us-east-1 constraint
                self.client.create_bucket(Bucket=self.bucket)
            else:
                self.client.create_bucket(
                    Bucket=self.bucket,
                    CreateBucketConfiguration={"LocationConstraint": self.region},  # type: ignore[typeddict-item]
                )

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type
        )

    def get(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise ArtifactNotFound("stored object not found (deleted or expired)") from None
            raise
        return bytes(obj["Body"].read())

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def purge(self, max_age_s: float) -> int:
        cutoff = time.time() - max_age_s
        removed = 0
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket):
            old = [
                {"Key": o["Key"]}
                for o in page.get("Contents", [])
                if o["LastModified"].timestamp() < cutoff
            ]
            if old:
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": old})
                removed += len(old)
        return removed

    def signed_url(self, key: str, ttl_s: int) -> str | None:
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": check_key(key)},
                ExpiresIn=ttl_s,
            )
        )

    def describe(self) -> str:
        return f"s3://{self.bucket} at {self.endpoint_url or 'AWS'}"


def open_storage(url: str | None, local_root: Path) -> Storage:
    """``None`` → local files under ``local_root``; ``s3://BUCKET?endpoint=URL&region=R`` → S3."""
    if not url:
        return LocalStorage(local_root)
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValueError(f"storage URL must be s3://BUCKET?endpoint=URL, got {url!r}")
    query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    return S3Storage(parsed.netloc, endpoint_url=query.get("endpoint"), region=query.get("region"))
