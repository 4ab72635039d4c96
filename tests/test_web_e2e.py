"""The learner web app end to end: real headless Chromium (Debian's /usr/bin/chromium driven by
playwright-core, web/e2e/learner.e2e.mjs) against the real mesh on the embedded engines, the
microphone faked from a real L2 recording. The checks themselves are in the script; each one
it passed or failed is reported here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from voicemesh.mesh_runner import running_mesh
from voicemesh.web_e2e import missing, run_browser, run_converse

pytestmark = pytest.mark.integration
CLIP = (
    Path(__file__).resolve().parent
    / "audio"
    / "adult-female-stress-error-it-was-a-sufficient-answer.wav"
)


@pytest.fixture(scope="module")
def browser_run(
    tmp_path_factory: pytest.TempPathFactory, clips: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    if reason := missing():
        pytest.fail(reason)
    work = tmp_path_factory.mktemp("web-e2e")
    with running_mesh(mock=False, state_dir=work / "mesh", ready_timeout_s=300) as ready_s:
        print(f"real mesh ready in {ready_s:.1f} s")
        report, log = run_browser(CLIP, clips[CLIP.name]["text"], work, shots=work / "shots")
    print(log)
    yield report


def assert_passed(report: dict[str, Any], needed: tuple[str, ...]) -> None:
    """Every check the script ran passed, and it ran each of ``needed``."""
    failed = [c for c in report["checks"] if not c["ok"]]
    assert report["ok"] and not failed, report.get("error") or failed
    names = {c["name"] for c in report["checks"]}
    for name in needed:
        assert name in names, f"the browser script did not check: {name}"


def test_learner_records_and_sees_the_whole_result(browser_run: dict[str, Any]) -> None:
    assert_passed(
        browser_run,
        (
            "denied microphone gives a clear message",
            "every word of the sentence is rendered",
            "each word has a severity",
            "the model audio plays to `ended`",
            "a word's phones open",
            "axe-core: no serious violation on the practice page",
            "axe-core: no serious violation on the result page",
            "at 360 px nothing scrolls sideways",
            "no request left the machine's origin",
        ),
    )
    assert browser_run["requests_elsewhere"] == []
    assert len(browser_run["stop_to_result_ms"]) == 1


def test_the_attempt_is_in_history(browser_run: dict[str, Any]) -> None:
    # Skipped only when the server has no GET /attempts (404): the multi-user server is not
    # merged yet. The lead removes this skip when merging it.
    skipped = [s for s in browser_run["skipped"] if s["name"] == "the attempt is in history"]
    if skipped:
        pytest.skip(skipped[0]["why"])
    check = next(c for c in browser_run["checks"] if c["name"] == "the attempt is in history")
    assert check["ok"], check


def test_the_conversation_page_streams_a_turn(tmp_path: Path) -> None:
    # The MOCK_MODE mesh: the orchestrator's Silero VAD end-points the real clip streamed by
    # Chromium's fake microphone; ASR/LLM/TTS answer from fixtures.
    if reason := missing():
        pytest.fail(reason)
    clip = CLIP.parent / "adult-female-so-you-want-to-be-more-productive.wav"
    with running_mesh(mock=True, state_dir=tmp_path / "mesh", ready_timeout_s=300):
        report, log = run_converse(clip, tmp_path)
    print(log)
    assert_passed(
        report,
        (
            "the page shows the transcript",
            "the page shows the reply text",
            "reply audio was scheduled",
        ),
    )
