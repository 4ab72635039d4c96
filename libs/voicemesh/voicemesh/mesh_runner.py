"""Run ``voicemesh up`` as a child process tree (integration tests, benchmarks) and talk to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

from voicemesh.internal_auth import token_headers
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
        # Keep reading what `voicemesh up` prints (restarts, failures) so its pipe never fills.
        threading.Thread(
            target=_drain, args=(proc.stdout, state_dir / "logs" / "up.log"), daemon=True
        ).start()
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


def _drain(stream: IO[str], path: Path) -> None:
    with path.open("a") as out:
        for line in stream:
            out.write(line)
            out.flush()


def engine_headers(state_dir: Path) -> dict[str, str]:
    """Headers that let a test or benchmark call an engine service of the mesh running in
    ``state_dir`` directly: its internal token (:mod:`voicemesh.internal_auth`)."""
    token = (state_dir / "run" / "internal-token").read_text().strip()
    return token_headers(token)


def ctl_status(state_dir: Path) -> str:
    """What ``voicemesh ctl status`` prints for the mesh in ``state_dir``."""
    env = {**os.environ, "VOICEMESH_STATE_DIR": str(state_dir)}
    return subprocess.run(
        [sys.executable, "-m", "voicemesh.cli", "ctl", "status"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def service_pids(state_dir: Path) -> dict[str, int]:
    """The pid of every running service of the mesh in ``state_dir``, by service name."""
    pids = {}
    for line in ctl_status(state_dir).splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[1] == "RUNNING" and "pid" in parts:
            pids[parts[0]] = int(parts[parts.index("pid") + 1].rstrip(","))
    return pids


def service_pid(name: str, state_dir: Path) -> int:
    """The pid of one running service; RuntimeError when it is not running."""
    pids = service_pids(state_dir)
    if name not in pids:
        raise RuntimeError(f"{name} is not running")
    return pids[name]


def post_clip(
    path: Path,
    text: str | None = None,
    timeout_s: float = 60.0,
    *,
    key: str | None = None,
    client: httpx.Client | None = None,
) -> httpx.Response:
    """POST a clip to the local orchestrator as ``key`` (default: the local admin key).
    ``client``: a long-lived client whose pooled connection is reused, as a browser or an SDK
    would; without one, a new client is built per call (httpx builds its TLS context then,
    ≈ 20 ms of client CPU that a latency benchmark must not count as the mesh's)."""
    data = {"text": text} if text else {}
    send = client.post if client is not None else httpx.post
    with path.open("rb") as fh:
        return send(
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
