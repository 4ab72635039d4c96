"""The whole mesh in MOCK_MODE: eight real processes on loopback, supervised by supervisord."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from voicemesh import mesh as registry
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.errors import ErrorBody
from voicemesh.fuzzing import fuzz_operations
from voicemesh.internal_auth import TOKEN_HEADER
from voicemesh.launcher import wait_ready
from voicemesh.localkey import auth_headers
from voicemesh.mesh import SERVICES
from voicemesh.mesh_runner import (
    ORCHESTRATOR,
    ctl,
    engine_headers,
    get_authorised,
    post_clip,
    running_mesh,
)

pytestmark = pytest.mark.integration
FUZZ_EXAMPLES = 10  # per operation and mode (bench/fuzz.py runs more)
ROOT = Path(__file__).resolve().parents[1]
AUDIO = ROOT / "tests" / "audio"
GOLDEN = ROOT / "tests" / "data" / "mock_orchestrator_full.json"
# Engine calls are retried until the request's deadline; a stopped service costs that long.
DEADLINE_S = 3.0


@pytest.fixture(scope="module")
def mesh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    state = tmp_path_factory.mktemp("mesh")
    env = {"ORCHESTRATOR_REQUEST_DEADLINE_S": str(DEADLINE_S)}
    with running_mesh(mock=True, state_dir=state, ready_timeout_s=60, env=env) as ready_s:
        print(f"mock mesh ready in {ready_s:.1f} s")
        yield state


def _stable(result: dict[str, Any]) -> dict[str, Any]:
    """A result without what differs per request: ids, URLs, timings."""
    out = {
        k: v
        for k, v in result.items()
        if k not in ("request_id", "timings", "total_s", "attempt_id")
    }
    out["audio"] = {
        k: {f: x for f, x in (v or {}).items() if f not in ("id", "url")} or None
        for k, v in result["audio"].items()
    }
    return out


def test_every_clip_gets_the_unified_result(mesh: Path, clips: dict[str, Any]) -> None:
    for name, clip in clips.items():
        response = post_clip(AUDIO / name, clip["text"])
        assert response.status_code == 200, (name, response.text)
        result = ProcessResult.model_validate(response.json())
        assert result.errors == [], name
        assert result.target_text == clip["text"] and result.target_source == "given"
        assert {t.stage for t in result.timings} == {s.stage for s in registry.stage_services()}
        assert result.audio.learner is not None
        assert abs(result.audio.learner.duration_s - _duration(AUDIO / name)) < 0.01
        assert response.headers["x-request-id"] == result.request_id


def _duration(path: Path) -> float:
    import soundfile as sf

    return float(sf.info(str(path)).duration)


def test_result_matches_the_golden_fixture(mesh: Path) -> None:
    response = post_clip(AUDIO / "hello-world.wav", "Hello world")
    assert response.status_code == 200
    result = _stable(response.json())
    if os.environ.get("VOICEMESH_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(response.json(), indent=1, ensure_ascii=False) + "\n")
    golden = ProcessResult.model_validate_json(GOLDEN.read_text())
    assert result == _stable(golden.model_dump(mode="json"))


def test_without_text_the_transcript_is_the_target(mesh: Path) -> None:
    response = post_clip(AUDIO / "hello-world.wav")
    assert response.status_code == 200
    result = ProcessResult.model_validate(response.json())
    assert result.target_source == "transcript"
    assert result.target_text == result.transcript


def test_artifacts_are_served_and_ids_checked(mesh: Path) -> None:
    result = ProcessResult.model_validate(post_clip(AUDIO / "hello-world.wav", "Hi").json())
    for art in (result.audio.learner, result.audio.model_pronunciation, result.audio.own_voice):
        assert art is not None and art.url is not None
        got = get_authorised(art.url)
        assert got.status_code == 200 and got.content[:4] == b"RIFF"
        assert httpx.get(art.url, timeout=10).status_code == 401  # audio needs credentials
    for bad in ("..%2F..%2Fetc%2Fpasswd", "nope.wav", "A" * 24 + ".wav"):
        got = get_authorised(f"{ORCHESTRATOR}/artifacts/{bad}")
        assert got.status_code in (400, 404)
        ErrorBody.model_validate(got.json())


def test_a_stopped_service_is_a_stage_error_then_recovers(mesh: Path) -> None:
    ctl("stop", "tts", mesh)
    try:
        response = post_clip(AUDIO / "hello-world.wav", "Hello world", timeout_s=30)
        assert response.status_code == 200
        result = ProcessResult.model_validate(response.json())
        assert [e.stage for e in result.errors] == ["tts"]
        assert result.errors[0].code == "upstream_unavailable"
        assert result.audio.model_pronunciation is None and result.audio.own_voice is None
        assert result.words and result.feedback is not None
    finally:
        ctl("start", "tts", mesh)
    assert wait_ready([registry.TTS], "127.0.0.1", timeout_s=30) == {}
    result = ProcessResult.model_validate(post_clip(AUDIO / "hello-world.wav", "Hi").json())
    assert result.errors == [] and result.audio.own_voice is not None


def test_a_stopped_fatal_stage_gives_a_structured_503(mesh: Path) -> None:
    ctl("stop", "alignment", mesh)
    try:
        response = post_clip(AUDIO / "hello-world.wav", "Hello world", timeout_s=30)
        assert response.status_code == 503
        body = ErrorBody.model_validate(response.json())
        assert body.error.code == "upstream_unavailable" and "alignment" in body.error.message
        assert body.error.request_id == response.headers["x-request-id"]
    finally:
        ctl("start", "alignment", mesh)
    assert wait_ready([registry.ALIGNMENT], "127.0.0.1", timeout_s=30) == {}
    assert post_clip(AUDIO / "hello-world.wav", "Hi").status_code == 200


def test_bad_uploads_get_structured_4xx(mesh: Path) -> None:
    cases = {
        "empty": b"",
        "not audio": b"this is not audio at all" * 10,
        "truncated wav": (AUDIO / "hello-world.wav").read_bytes()[:40],
    }
    for label, data in cases.items():
        got = httpx.post(
            f"{ORCHESTRATOR}/process",
            files={"audio": ("x.wav", data)},
            headers=auth_headers(),
            timeout=10,
        )
        assert 400 <= got.status_code < 500, label
        ErrorBody.model_validate(got.json())
    got = httpx.post(
        f"{ORCHESTRATOR}/process", data={"text": "hi"}, headers=auth_headers(), timeout=10
    )
    assert got.status_code == 422 and "audio" in got.json()["error"]["message"]


def _admin(mesh: Path, *args: str) -> str:
    """``voicemesh admin …`` against the running mesh's database; its stdout."""
    env = {**os.environ, "VOICEMESH_STATE_DIR": str(mesh)}
    done = subprocess.run(
        [sys.executable, "-m", "voicemesh.cli", "admin", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 or "exists already" in done.stderr, done.stderr
    return done.stdout.strip()


def test_keys_from_the_admin_cli_isolate_orgs(mesh: Path) -> None:
    _admin(mesh, "create-org", "north-school")
    _admin(mesh, "create-org", "south-school")
    _admin(
        mesh, "create-user", "--org", "north-school", "--email", "n@x.example", "--role", "learner"
    )
    _admin(
        mesh, "create-user", "--org", "south-school", "--email", "s@x.example", "--role", "admin"
    )
    north = _admin(mesh, "create-key", "--user", "n@x.example")
    south = _admin(mesh, "create-key", "--user", "s@x.example")
    response = post_clip(AUDIO / "hello-world.wav", "Hello world", key=north)
    assert response.status_code == 200, response.text
    attempt_id = response.json()["attempt_id"]
    listed = get_authorised(f"{ORCHESTRATOR}/attempts", key=north).json()
    assert attempt_id in [a["id"] for a in listed["items"]]
    other = get_authorised(f"{ORCHESTRATOR}/attempts/{attempt_id}", key=south)
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    anonymous = httpx.get(f"{ORCHESTRATOR}/attempts/{attempt_id}", timeout=10)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthorized"


def test_every_service_answers_metrics(mesh: Path) -> None:
    assert post_clip(AUDIO / "hello-world.wav", "Hello world").status_code == 200
    for spec in SERVICES:
        text = httpx.get(f"http://127.0.0.1:{spec.port}/metrics", timeout=10).text
        assert "http_requests_total" in text, spec.name
        assert f'voicemesh_engine_ready{{service="{spec.folder}"}} 1.0' in text, spec.name
    text = httpx.get(f"{ORCHESTRATOR}/metrics", timeout=10).text
    assert 'voicemesh_stage_duration_seconds_bucket{le="0.5",ok="true",stage="alignment"}' in text


def test_a_batch_of_20_clips_completes_in_process(mesh: Path) -> None:
    clip = (AUDIO / "hello-world.wav").read_bytes()
    files = [("audio", (f"c{i}.wav", clip)) for i in range(20)]
    texts = json.dumps(["Hello world"] * 20)
    submitted = httpx.post(
        f"{ORCHESTRATOR}/jobs",
        data={"kind": "assess_batch", "texts": texts},
        files=files,
        headers=auth_headers(),
        timeout=30,
    )
    assert submitted.status_code == 202, submitted.text
    job = wait_for_job(submitted.json()["id"])
    assert job["status"] == "succeeded" and job["done"] == 20
    assert all("attempt_id" in item for item in job["result"]["items"])


def wait_for_job(job_id: str, timeout_s: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job: dict[str, Any] = get_authorised(f"{ORCHESTRATOR}/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} unfinished: {job}")


def test_engines_answer_only_the_mesh_token(mesh: Path) -> None:
    for spec in SERVICES:
        if spec.name != "orchestrator":
            got = httpx.post(f"http://127.0.0.1:{spec.port}/process", json={}, timeout=10)
            assert got.status_code == 401, spec.name
            assert ErrorBody.model_validate(got.json()).error.code == "unauthorized"
    url = f"http://127.0.0.1:{registry.spec('phoneme-map').port}/process"
    body = {"text": "Hello world"}
    for label, headers in (("missing", {}), ("wrong", {TOKEN_HEADER: "not-the-token"})):
        got = httpx.post(url, json=body, headers=headers, timeout=10)
        assert got.status_code == 401, label
        error = ErrorBody.model_validate(got.json()).error
        assert error.code == "unauthorized" and label in error.message
        assert error.request_id == got.headers["x-request-id"]
    assert httpx.post(url, json=body, headers=engine_headers(mesh), timeout=10).status_code == 200
    for path in ("/health", "/ready"):
        assert httpx.get(url.replace("/process", path), timeout=10).status_code == 200
    token_file = mesh / "run" / "internal-token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    # The orchestrator is the public service: no internal token needed there.
    assert post_clip(AUDIO / "hello-world.wav", "Hi").status_code == 200


def test_the_orchestrator_survives_fuzzing(mesh: Path) -> None:
    """schemathesis from the orchestrator's openapi.yaml against the running mock mesh (its
    database, auth and engines real processes): no 5xx, answers as documented. Last in this
    module: it leaves random attempts, voices and jobs behind."""
    done = fuzz_operations(
        ROOT / "orchestrator-service" / "openapi.yaml",
        None,
        FUZZ_EXAMPLES,
        base_url=ORCHESTRATOR,
        headers=auth_headers(),
    )
    assert any("/process" in label for label in done), done
