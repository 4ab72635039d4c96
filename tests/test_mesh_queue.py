"""Jobs over a real Redis with Dramatiq workers, the database on a real PostgreSQL, the mesh in
MOCK_MODE: a batch of 20 clips completes with 20 results although its worker is killed
(SIGKILL) mid-job — the broker requeues the unacknowledged job for a second worker, which
resumes after the clips already stored."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from voicemesh.launcher import terminate_when_parent_dies
from voicemesh.localkey import auth_headers
from voicemesh.mesh_runner import ORCHESTRATOR, get_authorised, running_mesh
from voicemesh.testservers import create_database, postgres_server, redis_server

pytestmark = pytest.mark.integration
CLIP = Path(__file__).resolve().parent / "audio" / "hello-world.wav"


@pytest.fixture(scope="module")
def queued_mesh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    state = tmp_path_factory.mktemp("queued-mesh")
    with postgres_server() as pg, redis_server() as redis:
        env = {
            "VOICEMESH_DATABASE_URL": create_database(pg, "mesh"),
            "VOICEMESH_QUEUE_URL": redis,
            # A silent worker is dead after 2 s, and every broker call may requeue its jobs.
            "VOICEMESH_QUEUE_HEARTBEAT_MS": "2000",
            "VOICEMESH_QUEUE_MAINTENANCE_CHANCE": "1000000",
        }
        with running_mesh(mock=True, state_dir=state, ready_timeout_s=60, env=env):
            yield {
                **os.environ,
                **env,
                "VOICEMESH_STATE_DIR": str(state),
                "VOICEMESH_ARTIFACT_DIR": str(state / "artifacts"),
                "MOCK_MODE": "true",
                # A worker calls the engines as the orchestrator does: with the mesh's token.
                "VOICEMESH_INTERNAL_TOKEN_FILE": str(state / "run" / "internal-token"),
            }


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "voicemesh.cli", "worker", "--threads", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=terminate_when_parent_dies,
        )


def job_state(job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = get_authorised(f"{ORCHESTRATOR}/jobs/{job_id}").json()
    return job


def test_a_killed_workers_batch_completes_on_another_worker(
    queued_mesh: dict[str, str], tmp_path: Path
) -> None:
    first = start_worker(queued_mesh, tmp_path / "worker-1.log")
    second: subprocess.Popen[bytes] | None = None
    try:
        files = [("audio", (f"c{i}.wav", CLIP.read_bytes())) for i in range(20)]
        submitted = httpx.post(
            f"{ORCHESTRATOR}/jobs",
            data={"kind": "assess_batch", "texts": json.dumps(["Hello world"] * 20)},
            files=files,
            headers=auth_headers(),
            timeout=30,
        )
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["id"]
        deadline = time.monotonic() + 60
        while (job := job_state(job_id))["done"] < 1:
            assert time.monotonic() < deadline, (job, (tmp_path / "worker-1.log").read_text())
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        done_at_kill = job_state(job_id)["done"]
        assert 1 <= done_at_kill < 20, "the batch finished before the kill; nothing was tested"

        second = start_worker(queued_mesh, tmp_path / "worker-2.log")
        deadline = time.monotonic() + 90
        while (job := job_state(job_id))["status"] not in ("succeeded", "failed"):
            assert time.monotonic() < deadline, (job, (tmp_path / "worker-2.log").read_text())
            time.sleep(0.2)
        print(f"killed after {done_at_kill}/20 clips; finished on worker 2, tries {job['tries']}")
        assert job["status"] == "succeeded" and job["done"] == job["total"] == 20
        items = job["result"]["items"]
        assert [i["index"] for i in items] == list(range(20))
        assert all("attempt_id" in i for i in items) and job["tries"] >= 2
        attempts = get_authorised(f"{ORCHESTRATOR}/attempts?limit=100").json()["items"]
        assert len({i["attempt_id"] for i in items}) == 20
        assert {i["attempt_id"] for i in items} <= {a["id"] for a in attempts}
        metrics = httpx.get(f"{ORCHESTRATOR}/metrics", timeout=10).text
        assert "voicemesh_jobs{" in metrics
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(20)
