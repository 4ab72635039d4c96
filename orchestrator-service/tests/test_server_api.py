"""The multi-user server on the default embedded backends (SQLite, in-process jobs, local
storage) against a fake mesh: auth, history, tenant isolation, progress, jobs, limits, config,
metrics. tests/test_server_backends.py repeats the persistence and queue paths on real
PostgreSQL and Redis."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
import soundfile as sf
from fastapi.testclient import TestClient

from orchestrator_service.cli import db_main
from orchestrator_service.main import create_app
from orchestrator_service.server_settings import ServerSettings
from orchestrator_service.settings import OrchestratorSettings
from orchestrator_service.state import purge_expired
from voicemesh.localkey import read_local_key
from voicemesh.testing import wait_ready
from voicemesh.testservers import s3_server

MakeClient = Callable[..., TestClient]
NewKey = Callable[[str, str, str], str]
ROOT = Path(__file__).resolve().parents[2]
CLIP = ROOT / "tests" / "audio" / "hello-world.wav"


@pytest.fixture
def client(make_client: MakeClient) -> Iterator[TestClient]:
    with make_client() as c:
        wait_ready(c, 5)
        yield c


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def post_clip(client: TestClient, key: str | None, text: str = "Hello world") -> httpx.Response:
    return client.post(
        "/process",
        data={"text": text},
        files={"audio": ("a.wav", CLIP.read_bytes())},
        headers=bearer(key) if key else {},
    )


def test_no_key_or_a_wrong_key_is_a_structured_401(client: TestClient) -> None:
    for headers in ({}, bearer("vm_0123456789abcdef_" + "x" * 43), bearer("nonsense")):
        response = client.post(
            "/process", files={"audio": ("a.wav", CLIP.read_bytes())}, headers=headers
        )
        assert response.status_code == 401, headers
        error = response.json()["error"]
        assert error["code"] == "unauthorized" and error["request_id"]
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/attempts").status_code == 401


def test_process_stores_an_attempt_that_only_its_org_sees(
    client: TestClient, new_key: NewKey
) -> None:
    alice = new_key("school-a", "alice@a.example", "learner")
    mallory = new_key("school-b", "mallory@b.example", "admin")
    response = post_clip(client, alice)
    assert response.status_code == 200, response.text
    attempt_id = response.json()["attempt_id"]
    learner_audio = response.json()["audio"]["learner"]["id"]

    listed = client.get("/attempts", headers=bearer(alice)).json()
    assert [a["id"] for a in listed["items"]] == [attempt_id] and listed["next_cursor"] is None
    summary = listed["items"][0]
    assert summary["target_text"] == "Hello world" and summary["scores"]["overall"] >= 0
    assert [w["text"] for w in summary["words"]] == [w["text"] for w in response.json()["words"]]
    detail = client.get(f"/attempts/{attempt_id}", headers=bearer(alice)).json()
    assert detail["result"]["attempt_id"] == attempt_id
    audio = client.get(f"/artifacts/{learner_audio}", headers=bearer(alice))
    assert audio.status_code == 200 and audio.content == CLIP.read_bytes()

    # Another org: every read and write of the object is 404, and it is not listed.
    other = bearer(mallory)
    assert client.get("/attempts", headers=other).json()["items"] == []
    for method, path in (
        ("GET", f"/attempts/{attempt_id}"),
        ("DELETE", f"/attempts/{attempt_id}"),
        ("GET", f"/artifacts/{learner_audio}"),
        ("GET", f"/artifacts/{learner_audio}/link"),
    ):
        answer = client.request(method, path, headers=other)
        assert answer.status_code == 404, (method, path, answer.text)
        assert answer.json()["error"]["code"] in ("not_found", "artifact_not_found")
    assert (
        client.get(f"/progress?user_id={summary['user_id']}", headers=other).json()["attempts"] == 0
    )
    # No key at all: 401 before anything is looked up.
    assert client.get(f"/attempts/{attempt_id}").status_code == 401

    assert client.delete(f"/attempts/{attempt_id}", headers=bearer(alice)).status_code == 204
    assert client.get(f"/attempts/{attempt_id}", headers=bearer(alice)).status_code == 404
    assert client.get(f"/artifacts/{learner_audio}", headers=bearer(alice)).status_code == 404


def test_a_teacher_sees_the_org_learners_and_a_learner_only_themself(
    client: TestClient, new_key: NewKey
) -> None:
    teacher = new_key("school-a", "teacher@a.example", "teacher")
    ann = new_key("school-a", "ann@a.example", "learner")
    bob = new_key("school-a", "bob@a.example", "learner")
    ann_attempt = post_clip(client, ann).json()["attempt_id"]
    bob_attempt = post_clip(client, bob).json()["attempt_id"]
    seen = {a["id"] for a in client.get("/attempts", headers=bearer(teacher)).json()["items"]}
    assert seen == {ann_attempt, bob_attempt}
    assert client.get(f"/attempts/{bob_attempt}", headers=bearer(ann)).status_code == 404
    # Teachers read but do not delete a learner's work.
    assert client.delete(f"/attempts/{ann_attempt}", headers=bearer(teacher)).status_code == 403
    ann_id = client.get("/auth/me", headers=bearer(ann)).json()["user_id"]
    only_ann = client.get(f"/attempts?user_id={ann_id}", headers=bearer(teacher)).json()
    assert [a["id"] for a in only_ann["items"]] == [ann_attempt]


def test_pagination_is_newest_first_without_repeats(client: TestClient, new_key: NewKey) -> None:
    key = new_key("school-a", "pager@a.example", "learner")
    made = [post_clip(client, key).json()["attempt_id"] for _ in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        page = client.get(
            "/attempts",
            params={"limit": 2, **({"cursor": cursor} if cursor else {})},
            headers=bearer(key),
        ).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(made))
    assert client.get("/attempts?cursor=%%%", headers=bearer(key)).status_code == 400


def test_progress_counts_substitutions_and_words(client: TestClient, new_key: NewKey) -> None:
    key = new_key("school-a", "prog@a.example", "learner")
    results = [post_clip(client, key).json() for _ in range(3)]
    progress = client.get("/progress", headers=bearer(key)).json()
    assert progress["attempts"] == 3 and len(progress["scores_over_time"]) == 3
    assert progress["scores_over_time"][0]["overall"] == results[0]["scores"]["overall"]
    wrong_words = {w["text"].lower() for w in results[0]["words"] if w["error_type"] != "None"}
    assert {w["word"] for w in progress["words_to_practise"]} == wrong_words
    assert all(w["count"] == 3 for w in progress["words_to_practise"])
    subs = [
        (p["expected"], p["realized"])
        for w in results[0]["words"]
        for p in w["phones"]
        if p["status"] == "substituted" and p["realized"]
    ]
    for entry in progress["top_substitutions"]:
        assert not any(c.isdigit() for c in entry["expected"] + entry["realized"])
        assert entry["count"] % 3 == 0
    assert sum(e["count"] for e in progress["top_substitutions"]) == 3 * len(
        [s for s in subs if s[0].rstrip("012") != s[1].rstrip("012")]
    )


def test_browser_session_needs_the_csrf_header_for_changes(
    client: TestClient, new_key: NewKey
) -> None:
    key = new_key("school-a", "browser@a.example", "learner")
    assert client.post("/auth/session", json={"api_key": "wrong"}).status_code == 401
    signed_in = client.post("/auth/session", json={"api_key": key})
    assert signed_in.status_code == 204
    cookie = signed_in.headers["set-cookie"]
    assert "vm_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie  # plain-http loopback only
    me = client.get("/auth/me").json()
    assert (
        me["email"] == "browser@a.example" and me["role"] == "learner" and me["org"] == "school-a"
    )
    attempt = client.post(
        "/process",
        data={"text": "Hello world"},
        files={"audio": ("a.wav", CLIP.read_bytes())},
        headers={"X-VoiceMesh-CSRF": "1"},
    ).json()["attempt_id"]
    refused = client.delete(f"/attempts/{attempt}")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_required"
    assert (
        client.delete(f"/attempts/{attempt}", headers={"X-VoiceMesh-CSRF": "1"}).status_code == 204
    )
    assert client.delete("/auth/session").status_code == 204
    assert client.get("/auth/me").status_code == 401


def test_secure_cookie_off_loopback(make_client: MakeClient) -> None:
    with make_client() as c:
        wait_ready(c, 5)
        key = read_local_key()
        assert key
        over_https = c.post("https://voicemesh.example/auth/session", json={"api_key": key})
        assert over_https.status_code == 204 and "Secure" in over_https.headers["set-cookie"]


def test_auth_off_acts_as_the_local_admin(make_client: MakeClient) -> None:
    with make_client(auth="off") as c:
        wait_ready(c, 5)
        assert c.get("/auth/me").json()["email"] == "admin@localhost"
        assert post_clip(c, None).json()["attempt_id"]
        assert len(c.get("/attempts").json()["items"]) == 1


def _wait_job(client: TestClient, job_id: str, key: str, timeout_s: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(f"/jobs/{job_id}", headers=bearer(key)).json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not done: {job}")


def test_a_batch_of_20_clips_completes_with_20_attempts(
    client: TestClient, new_key: NewKey
) -> None:
    key = new_key("school-a", "homework@a.example", "teacher")
    stranger = new_key("school-b", "stranger@b.example", "teacher")
    files = [("audio", (f"clip{i}.wav", CLIP.read_bytes())) for i in range(20)]
    texts = '["Hello world"' + ', "Hello world"' * 19 + "]"
    response = client.post(
        "/jobs", data={"kind": "assess_batch", "texts": texts}, files=files, headers=bearer(key)
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    assert client.get(f"/jobs/{job_id}", headers=bearer(stranger)).status_code == 404
    assert client.post(f"/jobs/{job_id}/cancel", headers=bearer(stranger)).status_code == 404
    job = _wait_job(client, job_id, key)
    assert job["status"] == "succeeded" and job["done"] == job["total"] == 20
    assert job["progress"] == 1.0
    items = job["result"]["items"]
    assert [i["index"] for i in items] == list(range(20)) and all("attempt_id" in i for i in items)
    listed = client.get("/attempts?limit=100", headers=bearer(key)).json()["items"]
    assert {a["id"] for a in listed} == {i["attempt_id"] for i in items}


def test_mismatched_texts_and_unknown_kind_are_422(client: TestClient, new_key: NewKey) -> None:
    key = new_key("school-a", "bad@a.example", "learner")
    files = [("audio", (f"clip{i}.wav", CLIP.read_bytes())) for i in range(2)]
    bad = client.post(
        "/jobs", data={"kind": "assess_batch", "texts": '["one"]'}, files=files, headers=bearer(key)
    )
    assert bad.status_code == 422 and "2 clips but 1 texts" in bad.json()["error"]["message"]
    assert client.post("/jobs", json={"kind": "nope"}, headers=bearer(key)).status_code == 422


def test_job_rate_limit_is_429_with_retry_after(make_client: MakeClient, new_key: NewKey) -> None:
    with make_client(jobs_per_minute=2, workers=0) as c:
        wait_ready(c, 5)
        key = new_key("school-a", "busy@a.example", "learner")
        files = [("audio", ("a.wav", CLIP.read_bytes()))]
        for _ in range(2):
            ok = c.post("/jobs", data={"kind": "assess_batch"}, files=files, headers=bearer(key))
            assert ok.status_code == 202
        refused = c.post("/jobs", data={"kind": "assess_batch"}, files=files, headers=bearer(key))
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(refused.headers["retry-after"]) <= 61


def test_audio_minutes_per_month_is_429(make_client: MakeClient, new_key: NewKey) -> None:
    clip_min = sf.info(str(CLIP)).duration / 60  # 0.82 s: an allowance of 1.5 clips admits one
    with make_client(audio_minutes_per_month=clip_min * 1.5) as c:
        wait_ready(c, 5)
        key = new_key("school-a", "talker@a.example", "learner")
        assert post_clip(c, key).status_code == 200
        refused = post_clip(c, key)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0


def test_config_is_admin_only_and_redacted(make_client: MakeClient, new_key: NewKey) -> None:
    with make_client(session_secret="s3cret-value", queue_url=None) as c:
        wait_ready(c, 5)
        learner = new_key("school-a", "curious@a.example", "learner")
        assert c.get("/config", headers=bearer(learner)).status_code == 403
        config = c.get("/config", headers=bearer(read_local_key() or "")).json()
        assert config["server"]["session_secret"] == "**redacted**"
        assert "s3cret-value" not in str(config)
        assert config["queue"] == "in-process" and config["server"]["auth"] == "on"


def test_metrics_have_requests_and_per_stage_histograms(client: TestClient) -> None:
    assert post_clip(client, read_local_key()).status_code == 200
    text = client.get("/metrics").text
    assert 'http_requests_total{handler="/process",method="POST",status="2xx"}' in text
    for stage in ("asr", "alignment", "phoneme_diff", "tts", "voice_conversion", "feedback"):
        assert f'voicemesh_stage_duration_seconds_count{{ok="true",stage="{stage}"}}' in text
    assert "voicemesh_engine_load_seconds" in text and "voicemesh_queue_depth" in text


def test_attempts_survive_a_restart(make_client: MakeClient, new_key: NewKey) -> None:
    key = new_key("school-a", "durable@a.example", "learner")
    with make_client() as first:
        wait_ready(first, 5)
        attempt_id = post_clip(first, key).json()["attempt_id"]
    with make_client() as second:
        wait_ready(second, 5)
        listed = second.get("/attempts", headers=bearer(key)).json()["items"]
        assert [a["id"] for a in listed] == [attempt_id]


def test_audio_kept_in_s3_is_served_by_key_and_by_a_short_lived_link(
    make_client: MakeClient, new_key: NewKey, fake_mesh: respx.MockRouter
) -> None:
    key = new_key("school-a", "s3@a.example", "learner")
    with s3_server() as endpoint, make_client(storage_url=f"s3://kept?endpoint={endpoint}") as c:
        fake_mesh.route(url__startswith=endpoint).pass_through()
        wait_ready(c, 5)
        result = post_clip(c, key).json()
        learner = result["audio"]["learner"]["id"]
        served = c.get(f"/artifacts/{learner}", headers=bearer(key))
        assert served.status_code == 200 and served.content == CLIP.read_bytes()
        link = c.get(f"/artifacts/{learner}/link", headers=bearer(key)).json()
        assert link["url"].startswith(endpoint) and link["expires_in_s"] == 300
        assert httpx.get(link["url"], timeout=10).content == CLIP.read_bytes()
        assert c.get("/config", headers=bearer(read_local_key() or "")).json()["storage"] == (
            f"s3://kept at {endpoint}"
        )


def test_local_link_is_signed_and_expires(make_client: MakeClient, new_key: NewKey) -> None:
    key = new_key("school-a", "link@a.example", "learner")
    with make_client(signed_url_ttl_s=10) as c:
        wait_ready(c, 5)
        learner = post_clip(c, key).json()["audio"]["learner"]["id"]
        link = c.get(f"/artifacts/{learner}/link", headers=bearer(key)).json()
        assert c.get(link["url"]).content == CLIP.read_bytes()  # no credentials needed
        tampered = link["url"][:-3] + ("aaa" if not link["url"].endswith("aaa") else "bbb")
        assert c.get(tampered).status_code == 404


def test_voices_and_jobs_of_another_org_are_404(client: TestClient, new_key: NewKey) -> None:
    owner = new_key("school-a", "voice-owner@a.example", "learner")
    other = bearer(new_key("school-b", "voice-thief@b.example", "admin"))
    voice = client.post("/voices", json={"name": "mine"}, headers=bearer(owner)).json()
    clip = client.post(
        "/process",
        data={"text": "Hello world"},
        files={"audio": ("a.wav", CLIP.read_bytes())},
        headers=bearer(owner),
    ).json()["audio"]["learner"]["id"]
    sample = {"audio": ("a.wav", CLIP.read_bytes())}
    refused = [
        client.get(f"/voices/{voice['id']}", headers=other),
        client.delete(f"/voices/{voice['id']}", headers=other),
        client.post(f"/voices/{voice['id']}/samples", files=sample, headers=other),
        client.post(
            "/jobs", json={"kind": "prepare_voice", "voice_id": voice["id"]}, headers=other
        ),
        client.post("/jobs", json={"kind": "assess_batch", "audio_refs": [clip]}, headers=other),
        client.post(
            "/process",
            data={"text": "Hello world", "voice_id": voice["id"]},
            files={"audio": ("a.wav", CLIP.read_bytes())},
            headers=other,
        ),
    ]
    for answer in refused:
        assert answer.status_code == 404, (answer.request.url, answer.text)
        assert answer.json()["error"]["code"] in ("not_found", "artifact_not_found")
    assert client.get("/voices", headers=other).json()["items"] == []
    assert [v["id"] for v in client.get("/voices", headers=bearer(owner)).json()["items"]] == [
        voice["id"]
    ]


def test_auth_off_refuses_a_public_bind(tmp_path: Path) -> None:
    settings = OrchestratorSettings(artifact_dir=tmp_path, host="0.0.0.0")
    with pytest.raises(SystemExit, match="loopback"):
        create_app(settings, ServerSettings(auth="off"))


def test_retention_deletes_kept_audio_but_keeps_the_attempt(
    client: TestClient, new_key: NewKey
) -> None:
    key = new_key("school-a", "old@a.example", "learner")
    result = post_clip(client, key).json()
    learner = result["audio"]["learner"]["id"]
    state = client.app.state  # type: ignore[attr-defined]
    removed = client.portal.call(purge_expired, state.sessions, state.storage, 1e-9)  # type: ignore[union-attr]
    assert removed == 3  # the recording, the model pronunciation, the own voice
    assert client.get(f"/artifacts/{learner}", headers=bearer(key)).status_code == 404
    kept = client.get(f"/attempts/{result['attempt_id']}", headers=bearer(key))
    assert kept.status_code == 200 and kept.json()["result"]["scores"] == result["scores"]


def test_db_upgrade_command_migrates_a_fresh_database(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db_main(["upgrade"]) == 0
    assert "revision head" in capsys.readouterr().out
    assert db_main(["upgrade"]) == 0  # idempotent
