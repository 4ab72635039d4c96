"""Voice profiles: a learner's measured voice kept as one JSON file per profile.

Ids are 16 random URL-safe characters (96 bits from :mod:`secrets`), validated against the
contract's pattern before the file system is touched, so an id can never name a path outside
the folder. A profile may name an RVC voice model, given relative to ``VC_RVC_MODEL_DIR``.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from voicemesh.contracts.voice_conversion import VoiceProfile, VoiceStats
from voicemesh.errors import BadRequest, InvalidRequest, NotFound

_PROFILE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_MODEL_NAME = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\.pth$")


class ProfileNotFound(NotFound):
    code = "profile_not_found"


class ProfileStore:
    def __init__(self, root: Path, *, rvc_model_dir: Path) -> None:
        self.root = root.resolve()
        self.rvc_model_dir = rvc_model_dir

    def create(
        self, stats: VoiceStats, recordings: int, rvc_model_path: str | None = None
    ) -> VoiceProfile:
        """Store a new profile and return it (with its new id)."""
        self.root.mkdir(parents=True, exist_ok=True)
        profile = VoiceProfile(
            id=secrets.token_urlsafe(12),
            stats=stats,
            recordings=recordings,
            rvc_model_path=rvc_model_path,
        )
        target = self._file(profile.id)
        tmp = target.with_name(f".{profile.id}.tmp")
        tmp.write_text(profile.model_dump_json(indent=1), encoding="utf-8")
        os.replace(tmp, target)
        return profile

    def get(self, profile_id: str) -> VoiceProfile:
        """The profile. Raises BadRequest (400) for a malformed id, ProfileNotFound (404)."""
        path = self._file(profile_id)
        if not path.is_file():
            raise ProfileNotFound(f"voice profile {profile_id} not found")
        return VoiceProfile.model_validate_json(path.read_text(encoding="utf-8"))

    def _file(self, profile_id: str) -> Path:
        if not isinstance(profile_id, str) or not _PROFILE_ID.match(profile_id):
            raise BadRequest("malformed voice profile id")
        return self.root / f"{profile_id}.json"


def resolve_rvc_model(model_dir: Path, name: str) -> Path:
    """The RVC model file ``name`` (relative, ``.pth``) inside ``model_dir``.

    Raises InvalidRequest (422) for an absolute or escaping path, a non-.pth name, or a file
    that does not exist.
    """
    if not _MODEL_NAME.match(name) or any(part in {".", ".."} for part in name.split("/")):
        raise InvalidRequest(
            "rvc_model_path must be a relative path to a .pth file inside VC_RVC_MODEL_DIR"
        )
    root = model_dir.resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise InvalidRequest(f"RVC model {name!r} not found in the server's RVC model folder")
    return path
