"""The restart policy (voicemesh.supervision) against a fake supervisord."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

import pytest

from voicemesh.supervision import RestartPolicy, Supervisor, read_failed


def test_backoff_is_1_3_5_then_give_up_and_the_window_forgets() -> None:
    policy = RestartPolicy()
    restarts: deque[float] = deque()
    delays = []
    for now in (0.0, 2.0, 6.0, 12.0):
        delay = policy.decide(restarts, now)
        delays.append(delay)
        if delay is not None:
            restarts.append(now + delay)
    assert delays == [1.0, 3.0, 5.0, None]
    # a minute after the first restarts, they no longer count
    assert policy.decide(restarts, 200.0) == 1.0 and not restarts


class FakeSupervisord:
    def __init__(self) -> None:
        self.state = "RUNNING"
        self.stop = 0
        self.started: list[str] = []

    def crash(self) -> None:
        self.state, self.stop = "EXITED", self.stop + 1

    def getAllProcessInfo(self) -> list[dict[str, Any]]:
        return [{"name": "tts", "statename": self.state, "stop": self.stop, "exitstatus": -9}]

    def startProcess(self, name: str, wait: bool) -> bool:
        self.started.append(name)
        self.state = "RUNNING"
        return True


def test_supervisor_restarts_after_the_backoff_and_marks_the_fourth_crash(tmp_path: Path) -> None:
    server = FakeSupervisord()
    state = tmp_path / "supervision.json"
    sup = Supervisor(server, state)
    now = 0.0
    for backoff in (1.0, 3.0, 5.0):
        server.crash()
        sup.step(now)
        sup.step(now + backoff - 0.1)
        assert server.state == "EXITED", "restarted before its backoff"
        sup.step(now + backoff)
        assert server.state == "RUNNING"
        now += backoff + 1
    server.crash()
    sup.step(now)
    sup.step(now + 10)
    assert server.state == "EXITED" and len(server.started) == 3
    assert read_failed(state) == {"tts": {"restarts": 3, "window_s": 60.0}}
    server.state = "RUNNING"  # voicemesh ctl start tts
    sup.step(now + 11)
    assert read_failed(state) == {}


def test_a_stopped_service_is_not_restarted(tmp_path: Path) -> None:
    server = FakeSupervisord()
    sup = Supervisor(server, tmp_path / "s.json")
    server.state = "STOPPED"
    for t in range(10):
        sup.step(float(t))
    assert server.started == []


def test_supervisord_runs_without_its_own_restarts_and_rotates_logs_by_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voicemesh import mesh
    from voicemesh.launcher import write_config

    monkeypatch.setenv("VOICEMESH_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("VOICEMESH_LOG_MAX_MB", "3")
    monkeypatch.setenv("VOICEMESH_LOG_BACKUPS", "4")
    conf = write_config("127.0.0.1").read_text()
    programs = conf.count("[program:")
    assert programs == len(mesh.SERVICES)
    assert conf.count("autorestart=false") == programs  # the policy above restarts them
    assert conf.count("stdout_logfile_maxbytes=3MB") == programs
    assert conf.count("stdout_logfile_backups=4") == programs
    monkeypatch.setenv("VOICEMESH_LOG_MAX_MB", "lots")
    with pytest.raises(SystemExit, match="VOICEMESH_LOG_MAX_MB"):
        write_config("127.0.0.1")
