"""The mesh's restart policy, applied by ``voicemesh up`` on top of supervisord.

supervisord runs the services with ``autorestart=false``: its own policy is a fixed number of
quick start retries, with no per-minute cap and no backoff schedule of one's choosing.
Instead :class:`Supervisor` polls supervisord's XML-RPC ``getAllProcessInfo`` (every
:data:`POLL_S`) from the ``voicemesh up`` process and, when a service has exited on its own
(state ``EXITED`` or ``FATAL``, not ``STOPPED`` by ``voicemesh ctl``), restarts it after
1 s, 3 s, 5 s (:class:`RestartPolicy`: the voice-assistant design's schedule); a fourth
crash within a minute marks the service failed instead. Failed services are written to
``run/supervision.json`` (:func:`write_failed`), which the orchestrator's ``/ready`` and
``voicemesh ctl status`` read; ``voicemesh ctl start SERVICE`` clears the mark.
Every decision is logged (JSON) to ``logs/supervision.log``.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import time
import xmlrpc.client
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pythonjsonlogger.json import JsonFormatter

POLL_S = 0.2
CRASHED_STATES = frozenset({"EXITED", "FATAL"})
log = logging.getLogger("voicemesh.supervision")


@dataclass(frozen=True)
class RestartPolicy:
    """Restart n (1-based) within ``window_s`` waits ``backoff_s[n-1]`` seconds; a crash after
    ``max_restarts`` restarts within ``window_s`` marks the service failed."""

    backoff_s: tuple[float, ...] = (1.0, 3.0, 5.0)
    max_restarts: int = 3
    window_s: float = 60.0

    def decide(self, restarts: deque[float], now: float) -> float | None:
        """Seconds to wait before the next restart, or None: give up. Prunes ``restarts``
        (monotonic times of earlier restarts) to the window."""
        while restarts and now - restarts[0] > self.window_s:
            restarts.popleft()
        if len(restarts) >= self.max_restarts:
            return None
        return self.backoff_s[min(len(restarts), len(self.backoff_s) - 1)]


@dataclass
class _Service:
    restarts: deque[float] = field(default_factory=deque)
    due: float | None = None  # monotonic time of a scheduled restart
    handled_stop: Any = None  # supervisord's ``stop`` time of the exit already acted on
    failed: bool = False


class Supervisor:
    """Applies :class:`RestartPolicy` to the processes of one supervisord."""

    def __init__(self, server: Any, state_file: Path, policy: RestartPolicy | None = None) -> None:
        self.server = server
        self.state_file = state_file
        self.policy = policy or RestartPolicy()
        self.services: dict[str, _Service] = {}
        write_failed(state_file, {})

    def step(self, now: float | None = None) -> None:
        """One poll: notice crashes, start restarts that are due, clear revived failures."""
        now = time.monotonic() if now is None else now
        changed = False
        for info in self.server.getAllProcessInfo():
            name, state = info["name"], info["statename"]
            svc = self.services.setdefault(name, _Service())
            if svc.failed and state in ("RUNNING", "STARTING"):
                log.info("failed service started again by hand", extra={"service": name})
                self.services[name] = _Service()
                changed = True
                continue
            if state in CRASHED_STATES and svc.due is None and not svc.failed:
                if info.get("stop") == svc.handled_stop:
                    continue
                svc.handled_stop = info.get("stop")
                delay = self.policy.decide(svc.restarts, now)
                if delay is None:
                    svc.failed = True
                    changed = True
                    log.error(
                        "service failed: too many crashes",
                        extra={
                            "service": name,
                            "restarts": len(svc.restarts),
                            "window_s": self.policy.window_s,
                            "exit_status": info.get("exitstatus"),
                        },
                    )
                else:
                    svc.due = now + delay
                    log.warning(
                        "service crashed; restarting",
                        extra={
                            "service": name,
                            "delay_s": delay,
                            "restart": len(svc.restarts) + 1,
                            "exit_status": info.get("exitstatus"),
                        },
                    )
            if svc.due is not None and now >= svc.due:
                svc.due = None
                svc.restarts.append(now)
                try:
                    self.server.startProcess(name, False)
                except xmlrpc.client.Fault as fault:  # already started by hand
                    log.info("restart skipped", extra={"service": name, "fault": fault.faultString})
        if changed:
            write_failed(self.state_file, self.failed())

    def failed(self) -> dict[str, dict[str, Any]]:
        return {
            name: {"restarts": len(s.restarts), "window_s": self.policy.window_s}
            for name, s in self.services.items()
            if s.failed
        }


def write_failed(path: Path, failed: dict[str, dict[str, Any]]) -> None:
    """Atomically write ``{"failed": {service: {...}}}``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"failed": failed}))
    os.replace(tmp, path)


def read_failed(path: Path | None) -> dict[str, dict[str, Any]]:
    """Failed services by name (empty when there is no supervision file)."""
    if path is None:
        return {}
    try:
        failed: dict[str, dict[str, Any]] = json.loads(path.read_text()).get("failed", {})
    except (OSError, ValueError):
        return {}
    return failed


def configure_supervision_log(path: Path, max_bytes: int, backups: int) -> None:
    """JSON lines to ``path``, rotated by size (``max_bytes``, ``backups`` kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups)
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"levelname": "level", "asctime": "time"},
        )
    )
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
