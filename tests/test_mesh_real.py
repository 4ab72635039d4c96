"""The main job on real input: the whole mesh on the embedded engines (``voicemesh up``, no
mock), a real L2 recording in, the whole answer out (issue #9's acceptance, minus timings)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from voicemesh.audio import Audio, decode_audio
from voicemesh.contracts.common import AudioArtifact
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.mesh_runner import get_authorised, post_clip, running_mesh

pytestmark = pytest.mark.integration
AUDIO = Path(__file__).resolve().parent / "audio"
CLIP = "adult-male-but-again-he-has-made-a-very-clear-statement.wav"
SILENCE_DBFS = -50.0  # a rendered sentence is far louder; a silent buffer is -inf


@pytest.fixture(scope="module")
def mesh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    state = tmp_path_factory.mktemp("real-mesh")
    with running_mesh(mock=False, state_dir=state, ready_timeout_s=300) as ready_s:
        print(f"real mesh ready in {ready_s:.1f} s")
        yield


def _decoded(artifact: AudioArtifact | None) -> Audio:
    assert artifact is not None and artifact.url
    response = get_authorised(str(artifact.url))
    assert response.status_code == 200
    return decode_audio(response.content, sample_rate=artifact.sample_rate)


def test_real_clip_with_text_gets_the_whole_answer(mesh: None, clips: dict[str, Any]) -> None:
    text = clips[CLIP]["text"]
    response = post_clip(AUDIO / CLIP, text, timeout_s=120)
    assert response.status_code == 200, response.text
    result = ProcessResult.model_validate(response.json())
    assert result.errors == []
    assert result.transcript and result.target_source == "given"
    assert [w.text.upper() for w in result.words] == text.split()
    for word in result.words:
        assert word.phones and all(p.start is not None and p.end is not None for p in word.phones)
        assert all(0 <= p.score <= 100 for p in word.phones)
        if len(word.stress.syllables) > 1 and not word.weak_form:
            assert word.stress.applicable and word.stress.detected_primary is not None
    assert result.scores is not None
    for artifact in (result.audio.model_pronunciation, result.audio.own_voice):
        audio = _decoded(artifact)
        assert audio.duration_s > 1.0 and audio.rms_dbfs() > SILENCE_DBFS
    assert result.feedback is not None and result.feedback.summary


def test_without_text_the_transcript_is_the_target(mesh: None) -> None:
    response = post_clip(AUDIO / "child-male-mandy-has-a-big-arm.wav", timeout_s=120)
    assert response.status_code == 200, response.text
    result = ProcessResult.model_validate(response.json())
    assert result.target_source == "transcript" and result.target_text == result.transcript
    assert result.errors == [] and result.words and result.audio.own_voice is not None
