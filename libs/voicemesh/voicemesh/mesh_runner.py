"""Run ``voicemesh up`` as a child process tree (integration tests, benchmarks) and talk to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from voicemesh.launcher import terminate_when_parent_dies
from voicemesh.localkey import auth_headers
from voicemesh.mesh import orchestrator_url

ORCHESTRATOR = orchestrator_url()


@contextmanager
def running_mesh(
    *,
    mock: bool,
    state_dir: Path,
    ready_timeout_s: float = 600.0,
    env: dict[str, str] | None = None,
    python: str = sys.executable,
    cwd: Path | None = None,
) -> Iterator[float]:
    """Run the mesh until the block ends; yields the seconds from starting ``voicemesh up`` to
    its "services ready" line. While it runs, ``VOICEMESH_STATE_DIR`` points here too, so
    :func:`post_clip` sends this mesh's local admin key. ``python`` and ``cwd``: another
    checkout's interpreter and root (bench/e2e.py ``--baseline`` runs a git worktree of an older
    commit with its own venv)."""
    environment = {
        **os.environ,
        "VOICEMESH_STATE_DIR": str(state_dir),
        "VOICEMESH_ARTIFACT_DIR": str(state_dir / "artifacts"),
        **(env or {}),
    }
    environment.pop("VOICEMESH_LOCAL_KEY_FILE", None)
    previous_state = os.environ.get("VOICEMESH_STATE_DIR")
    os.environ["VOICEMESH_STATE_DIR"] = str(state_dir)
    args = [python, "-m", "voicemesh.cli", "up", "--ready-timeout", str(ready_timeout_s)]
    if mock:
        args.append("--mock")
    started = time.monotonic()
    # If this process is killed (a test or bench timeout), the mesh goes with it instead of
    # holding the ports.
    proc = subprocess.Popen(
        args,
        env=environment,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=terminate_when_parent_dies,
    )
    try:
        assert proc.stdout is not None
        ready_s = None
        for line in proc.stdout:
            if "services ready" in line:
                ready_s = time.monotonic() - started
                break
        if ready_s is None:
            raise RuntimeError(f"mesh did not start (exit {proc.wait()}); see {state_dir}/logs")
        yield ready_s
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        if previous_state is None:
            os.environ.pop("VOICEMESH_STATE_DIR", None)
        else:
            os.environ["VOICEMESH_STATE_DIR"] = previous_state


def post_clip(
    path: Path, text: str | None = None, timeout_s: float = 60.0, *, key: str | None = None
) -> httpx.Response:
    """POST a clip to the local orchestrator as ``key`` (default: the local admin key)."""
    data = {"text": text} if text else {}
    with path.open("rb") as fh:
        return httpx.post(
            f"{ORCHESTRATOR}/process",
            data=data,
            files={"audio": (path.name, fh, "audio/wav")},
            headers=auth_headers(key),
            timeout=timeout_s,
        )


def get_authorised(url: str, timeout_s: float = 10.0, *, key: str | None = None) -> httpx.Response:
    """GET an orchestrator URL (an artifact, ``/attempts``) with the local admin key."""
    return httpx.get(url, headers=auth_headers(key), timeout=timeout_s)


def ctl(action: str, service: str, state_dir: Path) -> None:
    env = {**os.environ, "VOICEMESH_STATE_DIR": str(state_dir)}
    subprocess.run(
        [sys.executable, "-m", "voicemesh.cli", "ctl", action, service],
        env=env,
        check=True,
        capture_output=True,
    )
