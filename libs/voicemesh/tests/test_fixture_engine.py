"""MOCK_MODE's fixture engine: every call answers the fixture, parsed through the real response
model, as an object of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.alignment import AlignmentResponse
from voicemesh.contracts.asr import AsrResponse
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.feedback import FeedbackResponse
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import PhonemeMapResponse
from voicemesh.contracts.tts import TtsResponse
from voicemesh.contracts.voice_conversion import VoiceConversionResponse
from voicemesh.engine import FixtureEngine

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
FIXTURES = [
    (AsrResponse, "mock_asr.json"),
    (AlignmentResponse, "mock_alignment.json"),
    (PhonemeMapResponse, "mock_phoneme_map.json"),
    (PhonemeDiffResponse, "mock_phoneme_diff.json"),
    (TtsResponse, "mock_tts.json"),
    (VoiceConversionResponse, "mock_voice_conversion.json"),
    (FeedbackResponse, "mock_feedback.json"),
]
ANY_REQUEST = EngineInfo(name="any", model="request", device="cpu")  # fixtures ignore it


@pytest.mark.parametrize(("model", "name"), FIXTURES)
def test_every_call_answers_the_fixture_as_a_new_object(
    model: type[BaseModel], name: str, tmp_path: Path
) -> None:
    engine = FixtureEngine(model, DATA / name, ArtifactStore(tmp_path))
    engine.load()
    first, second = engine.process(ANY_REQUEST), engine.process(ANY_REQUEST)
    assert first == second == engine.response and first is not second
    fixture = json.loads((DATA / name).read_text())
    answered = first.model_dump(mode="json")
    assert answered.keys() >= fixture.keys()
    for field, value in fixture.items():
        if field != "audio":  # audio ids are replaced by the stored copies
            assert answered[field] == value, field


def test_a_caller_changing_its_answer_does_not_change_the_next(tmp_path: Path) -> None:
    engine = FixtureEngine(
        PhonemeDiffResponse, DATA / "mock_phoneme_diff.json", ArtifactStore(tmp_path)
    )
    engine.load()
    answer = engine.process(ANY_REQUEST)
    answer.words[0].phones.clear()
    assert engine.process(ANY_REQUEST).words[0].phones


def test_process_before_load_is_an_error(tmp_path: Path) -> None:
    engine = FixtureEngine(AsrResponse, DATA / "mock_asr.json", ArtifactStore(tmp_path))
    with pytest.raises(RuntimeError, match="before load"):
        engine.process(ANY_REQUEST)
