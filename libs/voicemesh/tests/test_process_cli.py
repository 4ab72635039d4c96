from __future__ import annotations

from voicemesh.contracts.orchestrator import ProcessResult, StageError
from voicemesh.paths import repo_root
from voicemesh.process_cli import summarize

GOLDEN = repo_root() / "tests" / "data" / "mock_orchestrator_full.json"


def test_summary_lists_every_word_scores_audio_and_feedback() -> None:
    result = ProcessResult.model_validate_json(GOLDEN.read_text())
    text = summarize(result)
    assert all(word.text in text for word in result.words)
    assert result.scores is not None and f"overall {result.scores.overall:.0f}" in text
    assert "Model audio" in text and "Own voice" in text
    assert result.feedback is not None and result.feedback.summary in text


def test_summary_names_failed_stages() -> None:
    result = ProcessResult.model_validate_json(GOLDEN.read_text())
    failed = result.model_copy(
        update={
            "errors": [
                StageError(
                    stage="tts", code="upstream_unavailable", message="tts down", retryable=True
                )
            ],
            "audio": result.audio.model_copy(
                update={"model_pronunciation": None, "own_voice": None}
            ),
        }
    )
    text = summarize(failed)
    assert "Stage error: tts: upstream_unavailable" in text and "Model audio" not in text
