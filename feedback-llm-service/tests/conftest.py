"""Shared fixtures of the feedback-llm-service tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see a developer's real key, engine or mock switch."""
    for name in (
        "OPENAI_API_KEY",
        "FEEDBACK_API_KEY",
        "FEEDBACK_ENGINE",
        "FEEDBACK_BASE_URL",
        "FEEDBACK_MODEL",
        "FEEDBACK_PHONEME_MAP_SEARCH",
        "VOICEMESH_SERVICE_URLS",
        "VOICEMESH_SERVICE_URL_TEMPLATE",
        "FEEDBACK_RESPONSE_FORMAT",
        "MOCK_MODE",
        "VOICEMESH_MOCK_MODE",
        "VOICEMESH_PROMPTS_DIR",
    ):
        monkeypatch.delenv(name, raising=False)


def raw_assessment(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text())  # type: ignore[no-any-return]


@pytest.fixture
def assessment() -> Callable[[str], PhonemeDiffResponse]:
    def load(name: str) -> PhonemeDiffResponse:
        return PhonemeDiffResponse.model_validate(raw_assessment(name))

    return load
