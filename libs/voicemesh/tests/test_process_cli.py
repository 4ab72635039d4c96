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


def test_summary_tells_unknown_substitutes_from_deletions_and_counts_syllables_from_one() -> None:
    result = ProcessResult.model_validate_json(GOLDEN.read_text())
    word = next(w for w in result.words if w.stress.applicable)
    phone = word.phones[0]
    unknown = phone.model_copy(update={"status": "substituted", "realized": None})
    deleted = phone.model_copy(update={"status": "deleted", "realized": None})
    stress = word.stress.model_copy(update={"expected_primary": 1, "detected_primary": 0})
    changed = word.model_copy(update={"phones": [unknown, deleted], "stress": stress})
    text = summarize(result.model_copy(update={"words": [changed]}))
    assert f"sounds: {phone.expected}→?, {phone.expected}→∅" in text
    n = len(stress.syllables)
    assert f"stress expected on syllable 2 of {n}, most prominent 1" in text
