"""Drive the learner web app in real headless Chromium (``web/e2e/learner.e2e.mjs``: Debian's
/usr/bin/chromium through playwright-core) against a running mesh, with Chromium's fake
microphone playing a real recording. Used by tests/test_web_e2e.py and bench/web.py."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from voicemesh.localkey import read_local_key
from voicemesh.mesh_runner import ORCHESTRATOR
from voicemesh.paths import repo_root

WEB = repo_root() / "web"
CHROMIUM = Path("/usr/bin/chromium")
LEAD_IN_S, TAIL_S = 0.3, 1.0  # silence around the clip, so a recording holds all of it
STOP_AFTER_S = 0.6  # the script stops recording this long after the clip's end


def fake_microphone(clip: Path, out: Path) -> float:
    """Write ``clip`` with silence around it as Chromium's fake capture file (16-bit WAV);
    returns how long the script should record (s): lead-in + clip + a little of the tail."""
    audio, rate = sf.read(str(clip), dtype="float32")
    silence = [np.zeros(int(s * rate), dtype="float32") for s in (LEAD_IN_S, TAIL_S)]
    sf.write(str(out), np.concatenate([silence[0], audio, silence[1]]), rate, subtype="PCM_16")
    return LEAD_IN_S + len(audio) / rate + STOP_AFTER_S


def missing() -> str | None:
    """Why the browser script cannot run here, or None."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (bash scripts/setup.sh installs Debian's chromium)"
    if shutil.which("node") is None:
        return "node is missing"
    if not (WEB / "dist" / "index.html").is_file():
        return "web/dist is not built (bash scripts/setup.sh runs npm ci && npm run build)"
    if not (WEB / "node_modules" / "playwright-core").is_dir():
        return "web/node_modules lacks playwright-core (npm ci in web/)"
    return None


def run_browser(
    clip: Path, text: str, work: Path, *, runs: int = 1, shots: Path | None = None
) -> tuple[dict[str, Any], str]:
    """Run the script once (``runs`` record → result rounds); returns its JSON report and its
    log (stderr). Raises AssertionError when it wrote no report."""
    work.mkdir(parents=True, exist_ok=True)
    record_s = fake_microphone(clip, work / "microphone.wav")
    args = [
        "node",
        "e2e/learner.e2e.mjs",
        f"--base={ORCHESTRATOR}",
        f"--audio={work / 'microphone.wav'}",
        f"--text={text}",
        f"--clip-s={record_s:.2f}",
        f"--runs={runs}",
        f"--out={work / 'report.json'}",
        f"--key={read_local_key() or ''}",  # the running mesh's local admin key
    ]
    if shots:
        args.append(f"--shots={shots}")
    done = subprocess.run(
        args, cwd=WEB, capture_output=True, text=True, timeout=120 + 30 * runs, check=False
    )
    report = work / "report.json"
    assert report.is_file(), f"the browser script wrote no report:\n{done.stderr[-3000:]}"
    return json.loads(report.read_text()), done.stderr


def run_converse(clip: Path, work: Path, *, shot: Path | None = None) -> tuple[dict[str, Any], str]:
    """Run ``web/e2e/converse.e2e.mjs`` once: the Conversation page streams ``clip`` (with
    silence around it) from the fake microphone; returns its JSON report and its log."""
    work.mkdir(parents=True, exist_ok=True)
    fake_microphone(clip, work / "microphone.wav")
    args = [
        "node",
        "e2e/converse.e2e.mjs",
        f"--base={ORCHESTRATOR}",
        f"--audio={work / 'microphone.wav'}",
        f"--out={work / 'converse.json'}",
        f"--key={read_local_key() or ''}",
    ]
    if shot:
        args.append(f"--shot={shot}")
    done = subprocess.run(args, cwd=WEB, capture_output=True, text=True, timeout=180, check=False)
    report = work / "converse.json"
    assert report.is_file(), f"the browser script wrote no report:\n{done.stderr[-3000:]}"
    return json.loads(report.read_text()), done.stderr
