"""``voicemesh up``: run the mesh's services (the registry, voicemesh.mesh) natively under
supervisord.

supervisord (the ``supervisor`` package) runs the processes: it logs each service to
``var/logs`` (rotated by size: ``VOICEMESH_LOG_MAX_MB``, ``VOICEMESH_LOG_BACKUPS`` kept) and
stops the whole process group on shutdown. Restarts follow the mesh's own policy
(:mod:`voicemesh.supervision`: 1 s, 3 s, 5 s, at most 3 per minute, then failed), applied from
this process. This module writes the config and the mesh's internal token
(:mod:`voicemesh.internal_auth`), starts the services in phases gated on ``/ready`` (the engine
services in one wave, then the orchestrator), reports a service that exits while
starting (a bad setting: its message names the variable) and stops everything on
Ctrl-C/SIGTERM. ``voicemesh ctl`` talks to the same supervisord.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
import xmlrpc.client
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
from supervisor.xmlrpc import SupervisorTransport

from voicemesh import mesh
from voicemesh.internal_auth import write_token_file
from voicemesh.localkey import ensure_local_key, local_key_path
from voicemesh.paths import state_dir
from voicemesh.settings import SettingsError, check_bind
from voicemesh.supervision import (
    POLL_S,
    Supervisor,
    configure_supervision_log,
    read_failed,
)

PROGRAM = """
[program:{name}]
command={python} -m voicemesh.cli serve {name} --host {host}
autostart=false
autorestart=false
startsecs=1
startretries=0
stopsignal=TERM
stopwaitsecs=10
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile={logs}/{name}.log
stdout_logfile_maxbytes={log_max_mb}MB
stdout_logfile_backups={log_backups}
"""

HEADER = """
[unix_http_server]
file={run}/supervisor.sock
chmod=0700

[supervisord]
nodaemon=true
logfile={logs}/supervisord.log
pidfile={run}/supervisord.pid
childlogdir={logs}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{run}/supervisor.sock
"""


def socket_path() -> Path:
    return state_dir() / "run" / "supervisor.sock"


def token_path() -> Path:
    return state_dir() / "run" / "internal-token"


def supervision_path() -> Path:
    return state_dir() / "run" / "supervision.json"


def _log_rotation() -> tuple[int, int]:
    """(MB per log file, rotated files kept) from VOICEMESH_LOG_MAX_MB / VOICEMESH_LOG_BACKUPS."""
    try:
        max_mb = int(os.environ.get("VOICEMESH_LOG_MAX_MB", "10"))
        backups = int(os.environ.get("VOICEMESH_LOG_BACKUPS", "2"))
    except ValueError as exc:
        raise SystemExit(
            f"voicemesh: VOICEMESH_LOG_MAX_MB / VOICEMESH_LOG_BACKUPS: {exc}"
        ) from None
    if max_mb < 1 or backups < 0:
        raise SystemExit("voicemesh: VOICEMESH_LOG_MAX_MB must be ≥ 1, VOICEMESH_LOG_BACKUPS ≥ 0")
    return max_mb, backups


def rpc() -> xmlrpc.client.ServerProxy:
    """XML-RPC proxy of the running supervisord (raises OSError when none runs)."""
    transport = SupervisorTransport(None, None, f"unix://{socket_path()}")
    return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)


def write_config(host: str) -> Path:
    run, logs = state_dir() / "run", state_dir() / "logs"
    run.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    max_mb, backups = _log_rotation()
    parts = [HEADER.format(run=run, logs=logs)]
    for service in mesh.SERVICES:
        parts.append(
            PROGRAM.format(
                name=service.name,
                python=sys.executable,
                host=host,
                logs=logs,
                log_max_mb=max_mb,
                log_backups=backups,
            )
        )
    conf = run / "supervisord.conf"
    conf.write_text("".join(parts))
    return conf


def wait_ready(
    services: Iterable[mesh.AnySpec],
    host: str,
    timeout_s: float,
    exited: Callable[[], dict[str, str]] | None = None,
) -> dict[str, str]:
    """Poll ``/ready`` until every service answers 200.

    Returns what went wrong, service name → reason: empty when all are ready; only the services
    whose engine failed to load (``status: failed``, with the error they report) or whose
    process exited (``exited()``: name → reason), at once, when any did; else the services
    still not ready after ``timeout_s`` seconds."""
    pending = {s.name: f"http://{host}:{s.port}/ready" for s in services}
    deadline = time.monotonic() + timeout_s
    with httpx.Client(timeout=1.0) as client:
        while pending and time.monotonic() < deadline:
            failed: dict[str, str] = {}
            if exited is not None:
                failed = {n: r for n, r in exited().items() if n in pending}
            for name, url in list(pending.items()):
                try:
                    response = client.get(url)
                except httpx.HTTPError:
                    continue
                if response.status_code == 200:
                    del pending[name]
                elif response.headers.get("content-type", "").startswith("application/json"):
                    body = response.json()
                    if body.get("status") == "failed":
                        failed[name] = f"its engine failed to load: {body.get('error')}"
            if failed:
                return failed
            if pending:
                time.sleep(0.1)
    return {name: f"not ready within {timeout_s:g} s" for name in sorted(pending)}


def phases() -> list[list[mesh.AnySpec]]:
    """Start-up groups, by the registry's ``phase``: every engine service is in phase 1 (one
    wave: on 2 cores the mesh was ready sooner than with light and model services in separate
    waves, docs/benchmarks.md), the orchestrator in phase 3, after them."""
    services = mesh.SERVICES
    return [[s for s in services if s.phase == p] for p in sorted({s.phase for s in services})]


def _log_tail(name: str, lines: int = 15) -> str:
    path = state_dir() / "logs" / f"{name}.log"
    if not path.is_file():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def up(*, mock: bool, host: str = "127.0.0.1", ready_timeout_s: float = 300.0) -> int:
    """Start the mesh and block until Ctrl-C/SIGTERM. Returns the exit code (1 when a service
    cannot become ready; the message names it and shows its log tail)."""
    if socket_path().exists():
        try:
            rpc().supervisor.getState()
            print("voicemesh: a mesh is already running (voicemesh ctl status)", file=sys.stderr)
            return 1
        except OSError:
            socket_path().unlink()
    try:
        check_bind(host, "--host")
    except SettingsError as exc:
        print(f"voicemesh: {exc}", file=sys.stderr)
        return 2
    conf = write_config(host)
    key = ensure_local_key()  # owner read-only; the orchestrator registers it at start
    write_token_file(token_path())
    env = {
        **os.environ,
        "VOICEMESH_EXIT_WITH_PARENT": "1",
        "VOICEMESH_INTERNAL_AUTH": "required",
        "VOICEMESH_INTERNAL_TOKEN_FILE": str(token_path()),
        "ORCHESTRATOR_SUPERVISION_FILE": str(supervision_path()),
    }
    env.pop("VOICEMESH_INTERNAL_TOKEN", None)
    if mock:
        env["MOCK_MODE"] = "true"
    max_mb, backups = _log_rotation()
    configure_supervision_log(
        state_dir() / "logs" / "supervision.log", max_mb * 1024 * 1024, backups
    )
    supervisord = subprocess.Popen(
        [sys.executable, "-m", "supervisor.supervisord", "-c", str(conf)],
        env=env,
        preexec_fn=terminate_when_parent_dies,
    )
    stop = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    code = 0
    try:
        _wait_for_supervisor(supervisord)
        started = time.monotonic()
        for group in phases():
            for service in group:
                rpc().supervisor.startProcess(service.name, False)
            failed = wait_ready(group, host, ready_timeout_s, exited=_exited)
            if failed:
                for name, reason in failed.items():
                    print(
                        f"voicemesh: {name}: {reason}."
                        f" Last log lines ({state_dir() / 'logs' / name}.log):\n"
                        f"{_log_tail(name)}",
                        file=sys.stderr,
                    )
                return 1
            if stop:
                return 0
        took = time.monotonic() - started
        mode = "mock" if mock else "embedded engines"
        print(
            f"voicemesh: all {len(mesh.SERVICES)} services ready in {took:.1f} s ({mode}); "
            f"POST {mesh.orchestrator_url(host)}/process (Authorization: Bearer, key in "
            f"{local_key_path()}). Ctrl-C stops.\n"
            f"voicemesh: web app: {mesh.orchestrator_url(host)}/#key={key}",
            flush=True,
        )
        supervisor = Supervisor(rpc().supervisor, supervision_path())
        while not stop and supervisord.poll() is None:
            # OSError/Fault: supervisord is shutting down; the loop ends with it.
            with contextlib.suppress(OSError, xmlrpc.client.Fault):
                supervisor.step()
            time.sleep(POLL_S)
        if supervisord.poll() is not None and not stop:
            print("voicemesh: supervisord exited unexpectedly", file=sys.stderr)
            code = 1
    finally:
        _shutdown(supervisord)
    return code


def _exited() -> dict[str, str]:
    """Services whose process ended while the mesh starts (a bad setting, a crash)."""
    server: Any = rpc().supervisor
    return {
        info["name"]: f"exited while starting (exit status {info['exitstatus']})"
        for info in server.getAllProcessInfo()
        if info["statename"] in ("EXITED", "FATAL", "BACKOFF")
    }


def terminate_when_parent_dies() -> None:
    """``preexec_fn`` for a child that must not outlive its parent (Linux ``PR_SET_PDEATHSIG``):
    SIGTERM it when the parent dies, however the parent died. Used for supervisord under
    ``voicemesh up`` (it then stops the services) and for ``voicemesh up`` under tests and
    benchmarks (:func:`voicemesh.mesh_runner.running_mesh`). Elsewhere a no-op."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_for_supervisor(proc: subprocess.Popen[bytes], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("voicemesh: supervisord failed to start (see var/logs)")
        try:
            rpc().supervisor.getState()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("voicemesh: supervisord did not answer")


def _shutdown(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            rpc().supervisor.stopAllProcesses(True)
            rpc().supervisor.shutdown()
        except (OSError, xmlrpc.client.Fault):
            proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def ctl(action: str, names: list[str]) -> int:
    """``voicemesh ctl status|pids|start|stop|restart [service ...]`` on the running mesh."""
    try:
        server: Any = rpc().supervisor
        if action == "pids":
            for info in server.getAllProcessInfo():
                print(f"{info['name']} {info['pid']}")
            return 0
        if action == "status":
            failed = read_failed(supervision_path())
            for info in server.getAllProcessInfo():
                state, description = info["statename"], info["description"]
                if info["name"] in failed:
                    mark = failed[info["name"]]
                    state = "FAILED"
                    description = (
                        f"{mark['restarts']} restarts within {mark['window_s']:g} s, then"
                        f" crashed again; not restarted ({description})"
                    )
                print(f"{info['name']:<18} {state:<9} {description}")
            return 0
        targets = names or [s.name for s in mesh.SERVICES]
        for name in targets:
            if action in ("stop", "restart"):
                server.stopProcess(name, True)
            if action in ("start", "restart"):
                server.startProcess(name, True)
            print(f"{name}: {action} done")
        return 0
    except OSError:
        print("voicemesh: no mesh is running (start one with `voicemesh up`)", file=sys.stderr)
        return 1
    except xmlrpc.client.Fault as fault:
        print(f"voicemesh: {fault.faultString}", file=sys.stderr)
        return 1
