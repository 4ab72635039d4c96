"""Artifact store: audio and other files passed between services by reference, not bytes.

Services on one host (or sharing a volume under compose) see the same folder. An artifact id
is 24 random URL-safe characters (144 bits from :mod:`secrets`) plus an extension, so ids are
not guessable, and ids are validated against a strict pattern before touching the file system
(no separators, no dots but the extension's), and a stored entry that is a symlink is refused,
so a reference can never escape the store. Retention: :meth:`ArtifactStore.purge` deletes by
age, then the oldest until the store is under a total size. An S3-compatible backend would
implement the same four methods (``put``, ``read``, ``path``, ``purge``).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterable
from pathlib import Path

from voicemesh.audio import MEDIA_TYPES, Audio, AudioLimits, decode_audio, encode_audio
from voicemesh.contracts.common import AudioArtifact
from voicemesh.errors import ArtifactNotFound, BadRequest

_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(wav|flac|ogg|mp3|json|TextGrid|bin)$")


class ArtifactStore:
    def __init__(self, root: Path, *, public_base_url: str | None = None) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.public_base_url = public_base_url

    def put(self, data: bytes, ext: str) -> str:
        """Store bytes atomically and return the new artifact id."""
        artifact_id = f"{secrets.token_urlsafe(18)}.{ext}"
        target = self.root / artifact_id
        tmp = target.with_name(f".{artifact_id}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        return artifact_id

    def path(self, artifact_id: str) -> Path:
        """The file behind an id. Raises BadRequest for a malformed id (path tricks included)
        and ArtifactNotFound when it does not exist (or has expired)."""
        if not isinstance(artifact_id, str) or not _ID.match(artifact_id):
            raise BadRequest("malformed artifact reference")
        path = self.root / artifact_id
        if path.parent != self.root or path.is_symlink() or not path.is_file():
            raise ArtifactNotFound(f"artifact {artifact_id} not found (expired or never stored)")
        return path

    def read(self, artifact_id: str) -> bytes:
        return self.path(artifact_id).read_bytes()

    def load_audio(self, artifact_id: str, limits: AudioLimits | None = None) -> Audio:
        return decode_audio(self.read(artifact_id), limits)

    def put_audio(self, audio: Audio, fmt: str = "wav") -> AudioArtifact:
        artifact_id = self.put(encode_audio(audio, fmt), fmt)
        return AudioArtifact(
            id=artifact_id,
            format=fmt,  # type: ignore[arg-type]
            sample_rate=audio.sample_rate,
            duration_s=round(audio.duration_s, 3),
            url=self.url(artifact_id),
        )

    def url(self, artifact_id: str) -> str | None:
        return f"{self.public_base_url.rstrip('/')}/{artifact_id}" if self.public_base_url else None

    @staticmethod
    def media_type(artifact_id: str) -> str:
        return MEDIA_TYPES.get(artifact_id.rsplit(".", 1)[-1], "application/octet-stream")

    def purge(self, max_age_s: float, max_total_bytes: int | None = None) -> int:
        """Delete artifacts older than ``max_age_s`` seconds, then the oldest (by mtime) until
        the rest hold at most ``max_total_bytes``; returns how many were removed."""
        return delete_files_older_than(self.root.iterdir(), max_age_s, max_total_bytes)

    def total_bytes(self) -> int:
        """Bytes stored (benchmarks watch it)."""
        return sum(e.stat().st_size for e in self.root.iterdir() if e.is_file())


def delete_files_older_than(
    paths: Iterable[Path], max_age_s: float, max_total_bytes: int | None = None
) -> int:
    """Delete the regular files among ``paths`` (not symlinks, not dot-files) last modified
    over ``max_age_s`` seconds ago, then, if ``max_total_bytes`` is set, the oldest of the rest
    until they hold at most that many bytes. Files vanishing meanwhile are skipped; returns how
    many were deleted."""
    cutoff = time.time() - max_age_s
    kept: list[tuple[float, int, Path]] = []
    removed = 0
    for entry in paths:
        try:
            stat = entry.lstat()
            if not entry.is_file() or entry.is_symlink() or entry.name.startswith("."):
                continue
            if stat.st_mtime < cutoff:
                entry.unlink()
                removed += 1
            else:
                kept.append((stat.st_mtime, stat.st_size, entry))
        except FileNotFoundError:
            continue
    if max_total_bytes is not None:
        total = sum(size for _, size, _ in kept)
        for _, size, entry in sorted(kept, key=lambda item: item[0]):
            if total <= max_total_bytes:
                break
            entry.unlink(missing_ok=True)
            total -= size
            removed += 1
    return removed
