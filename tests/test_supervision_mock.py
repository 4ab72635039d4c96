"""The mesh's restart policy on a real supervised mesh (MOCK_MODE, so restarts are quick):
kill -9 of a service is restarted after 1 s, 3 s, 5 s; the fourth crash within a minute marks
it failed, which the orchestrator's ``/ready`` and ``voicemesh ctl status`` name; starting it
by hand clears the mark. Engines in the real mesh: tests/test_mesh_real.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from voicemesh.launcher import wait_ready
from voicemesh.mesh import spec
from voicemesh.mesh_runner import ORCHESTRATOR, ctl, ctl_status, running_mesh, service_pid

pytestmark = pytest.mark.integration
VICTIM = "voice-conversion"


@pytest.fixture(scope="module")
def mesh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    state = tmp_path_factory.mktemp("supervised")
    with running_mesh(mock=True, state_dir=state, ready_timeout_s=60):
        yield state


def test_up_reports_a_service_refusing_an_unknown_setting(tmp_path: Path) -> None:
    """Before the supervised mesh of this module starts: a typo in a variable stops the
    service at start-up, and ``voicemesh up`` says which service and which variable."""
    env = {
        **os.environ,
        "VOICEMESH_STATE_DIR": str(tmp_path),
        "VOICEMESH_ARTIFACT_DIR": str(tmp_path / "artifacts"),
        "PHONEME_MAP_THREDS": "2",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "voicemesh.cli", "up", "--mock", "--ready-timeout", "60"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 1
    assert "phoneme-map" in result.stderr and "PHONEME_MAP_THREDS" in result.stderr
    assert time.monotonic() - started < 45, "reported only at the ready timeout"


def _kill_and_time_restart(state: Path) -> float | None:
    """kill -9 the victim; seconds until a new process answers /ready (None: not within 20 s)."""
    old = service_pid(VICTIM, state)
    os.kill(old, signal.SIGKILL)
    killed = time.monotonic()
    deadline = killed + 20
    while time.monotonic() < deadline:
        try:
            if service_pid(VICTIM, state) != old:
                break
        except RuntimeError:
            pass
        time.sleep(0.1)
    else:
        return None
    if wait_ready([spec(VICTIM)], "127.0.0.1", timeout_s=20) != {}:
        return None
    return time.monotonic() - killed


def test_three_crashes_a_minute_are_restarted_with_backoff_the_fourth_fails(mesh: Path) -> None:
    took = [_kill_and_time_restart(mesh) for _ in range(3)]
    assert all(t is not None for t in took), took
    # 1 s, 3 s, 5 s of backoff before each restart (plus start-up, well under 2 s in mock mode)
    for t, backoff in zip(took, (1.0, 3.0, 5.0), strict=True):
        assert t is not None and backoff <= t < backoff + 6, took
    os.kill(service_pid(VICTIM, mesh), signal.SIGKILL)
    time.sleep(7)  # longer than any backoff: a restart would have happened
    status = ctl_status(mesh)
    line = next(x for x in status.splitlines() if x.startswith(VICTIM))
    assert "FAILED" in line and "3 restarts" in line, status
    ready = httpx.get(f"{ORCHESTRATOR}/ready", timeout=5)
    assert ready.status_code == 503
    assert ready.json()["status"] == "degraded"
    assert ready.json()["failed_services"] == [VICTIM]
    log = (mesh / "logs" / "supervision.log").read_text()
    assert log.count("service crashed; restarting") == 3 and "service failed" in log

    ctl("start", VICTIM, mesh)
    assert wait_ready([spec(VICTIM)], "127.0.0.1", timeout_s=20) == {}
    deadline = time.monotonic() + 5
    while httpx.get(f"{ORCHESTRATOR}/ready", timeout=5).status_code != 200:
        assert time.monotonic() < deadline, "the failed mark was not cleared"
        time.sleep(0.2)
    assert "FAILED" not in ctl_status(mesh)
