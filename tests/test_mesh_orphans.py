"""A mesh started for a test or benchmark dies with the process that started it, even when
that process is killed outright (SIGKILL): no orphaned services hold the ports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from voicemesh.mesh_runner import ORCHESTRATOR

pytestmark = pytest.mark.integration

STARTER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from voicemesh.mesh_runner import running_mesh
    with running_mesh(mock=True, state_dir=Path(sys.argv[1]), ready_timeout_s=60):
        print("ready", flush=True)
        time.sleep(600)
    """
)


def _answers() -> bool:
    try:
        return httpx.get(f"{ORCHESTRATOR}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_killing_the_starter_stops_the_mesh(tmp_path: Path) -> None:
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert starter.stdout is not None and starter.stdout.readline().strip() == "ready"
    assert _answers()
    starter.send_signal(signal.SIGKILL)
    starter.wait()
    deadline = time.monotonic() + 30
    while _answers() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _answers()
