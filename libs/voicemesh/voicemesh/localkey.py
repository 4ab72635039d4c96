"""The local admin key of a mesh on this machine: ``voicemesh up`` writes it to
``var/local-admin.key`` (mode 0400) before starting the services; the orchestrator registers it
for the local admin, and the CLI (``voicemesh process``), tests and the web app's ``#key=``
link send it. The key format is the orchestrator's API-key format, defined here because the
launcher must make one without importing a service."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from voicemesh.paths import state_dir

KEY_PATTERN = re.compile(r"^vm_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$")


def generate_key() -> tuple[str, str]:
    """A new API key ``vm_<prefix>_<secret>`` (64 + 256 random bits) and its public prefix."""
    prefix = secrets.token_hex(8)
    return f"vm_{prefix}_{secrets.token_urlsafe(32)}", prefix


def local_key_path() -> Path:
    return Path(os.environ.get("VOICEMESH_LOCAL_KEY_FILE", state_dir() / "local-admin.key"))


def read_local_key(path: Path | None = None) -> str | None:
    """The local key, or None when no local mesh has written one (or it is unreadable)."""
    try:
        key = (path or local_key_path()).read_text().strip()
    except OSError:
        return None
    return key if KEY_PATTERN.match(key) else None


def ensure_local_key(path: Path | None = None) -> str:
    """Create the key file if missing (owner read-only, created atomically; a concurrent
    creator's key wins) and return the key."""
    path = path or local_key_path()
    if (key := read_local_key(path)) is not None:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key, _ = generate_key()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o400)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    try:
        if path.exists():  # an unreadable or malformed file: replace it
            path.unlink()
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    key = read_local_key(path)
    if key is None:
        raise OSError(f"cannot read the local key {path}")
    return key


def auth_headers(key: str | None = None) -> dict[str, str]:
    """``Authorization: Bearer <key>`` with the given or the local key ({} when there is none)."""
    key = key or os.environ.get("VOICEMESH_API_KEY") or read_local_key()
    return {"Authorization": f"Bearer {key}"} if key else {}
