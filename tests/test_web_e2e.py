"""The learner web app end to end: real headless Chromium (Debian's /usr/bin/chromium driven by
playwright-core, web/e2e/learner.e2e.mjs) against the real mesh on the embedded engines, the
microphone faked from a real L2 recording. The checks themselves are in the script; each one
it passed or failed is reported here."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from voicemesh.mesh_runner import ORCHESTRATOR, running_mesh

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
CLIP = "adult-female-stress-error-it-was-a-sufficient-answer.wav"
LEAD_IN_S, TAIL_S = 0.3, 1.0  # silence around the clip, so the recording holds all of it


def _fake_microphone(clip: Path, out: Path) -> float:
    """The clip with silence around it, as Chromium's fake capture file; returns its length."""
    audio, rate = sf.read(str(clip), dtype="float32")
    silence = [np.zeros(int(s * rate), dtype="float32") for s in (LEAD_IN_S, TAIL_S)]
    sf.write(str(out), np.concatenate([silence[0], audio, silence[1]]), rate, subtype="PCM_16")
    return float(len(audio) / rate)


def _missing() -> str | None:
    if not Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium is missing (bash scripts/setup.sh installs Debian's chromium)"
    if shutil.which("node") is None:
        return "node is missing"
    if not (WEB / "dist" / "index.html").is_file():
        return "web/dist is not built (bash scripts/setup.sh runs npm ci && npm run build)"
    if not (WEB / "node_modules" / "playwright-core").is_dir():
        return "web/node_modules lacks playwright-core (npm ci in web/)"
    return None


@pytest.fixture(scope="module")
def browser_run(
    tmp_path_factory: pytest.TempPathFactory, clips: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    if reason := _missing():
        pytest.fail(reason)
    work = tmp_path_factory.mktemp("web-e2e")
    clip_s = _fake_microphone(ROOT / "tests" / "audio" / CLIP, work / "microphone.wav")
    with running_mesh(mock=False, state_dir=work / "mesh", ready_timeout_s=300) as ready_s:
        print(f"real mesh ready in {ready_s:.1f} s")
        done = subprocess.run(
            [
                "node",
                "e2e/learner.e2e.mjs",
                f"--base={ORCHESTRATOR}",
                f"--audio={work / 'microphone.wav'}",
                f"--text={clips[CLIP]['text']}",
                f"--clip-s={clip_s + 0.6:.2f}",
                f"--shots={work / 'shots'}",
                f"--out={work / 'report.json'}",
            ],
            cwd=WEB,
            capture_output=True,
            text=True,
            timeout=300,
        )
    print(done.stderr)
    report_file = work / "report.json"
    assert report_file.is_file(), f"the browser script wrote no report:\n{done.stderr[-3000:]}"
    yield json.loads(report_file.read_text())


def test_learner_records_and_sees_the_whole_result(browser_run: dict[str, Any]) -> None:
    failed = [c for c in browser_run["checks"] if not c["ok"]]
    assert browser_run["ok"] and not failed, browser_run.get("error") or failed
    names = {c["name"] for c in browser_run["checks"]}
    for needed in (
        "denied microphone gives a clear message",
        "every word of the sentence is rendered",
        "each word has a severity",
        "the model audio plays to `ended`",
        "a word's phones open",
        "axe-core: no serious violation on the practice page",
        "axe-core: no serious violation on the result page",
        "at 360 px nothing scrolls sideways",
        "no request left the machine's origin",
    ):
        assert needed in names, f"the browser script did not check: {needed}"
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
