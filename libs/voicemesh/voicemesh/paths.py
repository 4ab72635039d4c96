"""Where the repository's data folders are, for editable installs and images alike."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The checkout (or image) root: ``VOICEMESH_ROOT`` or the folder holding ``prompts/``."""
    env = os.environ.get("VOICEMESH_ROOT")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "prompts").is_dir() and (parent / "tests").is_dir():
            return parent
    return Path.cwd()


def state_dir() -> Path:
    """Where a local mesh keeps its state (database, keys, logs): ``VOICEMESH_STATE_DIR`` or
    ``var/`` in the checkout."""
    return Path(os.environ.get("VOICEMESH_STATE_DIR", repo_root() / "var"))
