"""Fixtures shared by the repository-level tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AUDIO = ROOT / "tests" / "audio"


@pytest.fixture(scope="session")
def clips() -> dict[str, dict[str, str]]:
    """tests/audio/clips.json: file name → {text, utt, kind}."""
    return json.loads((AUDIO / "clips.json").read_text())  # type: ignore[no-any-return]
