"""``GET /practice`` through the orchestrator's app, its phoneme-map calls answered by the real
CMUdict engine (respx hands each request to it), and the web app served at ``/``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
import stamina
from fastapi.testclient import TestClient

from orchestrator_service.main import create_app
from orchestrator_service.settings import OrchestratorSettings
from phoneme_map_service.services.cmudict_engine import CmudictEngine
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh import mesh
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_map import PatternSearchRequest, PhonemeMapRequest
from voicemesh.contracts.practice import PracticeResponse
from voicemesh.testing import wait_ready

PHONEME_MAP = mesh.service_url("phoneme-map")


@pytest.fixture(scope="module")
def cmudict(tmp_path_factory: pytest.TempPathFactory) -> CmudictEngine:
    artifacts = tmp_path_factory.mktemp("pm-artifacts")
    settings = PhonemeMapSettings(VOICEMESH_ARTIFACT_DIR=artifacts, MOCK_MODE=False)  # type: ignore[call-arg]
    engine = CmudictEngine(settings, ArtifactStore(artifacts))
    engine.load()
    return engine


@pytest.fixture
def phoneme_map(cmudict: CmudictEngine) -> Iterator[respx.MockRouter]:
    def search(request: httpx.Request) -> httpx.Response:
        body = PatternSearchRequest.model_validate_json(request.content)
        return httpx.Response(200, json=cmudict.search(body).model_dump(mode="json"))

    def process(request: httpx.Request) -> httpx.Response:
        body = PhonemeMapRequest.model_validate_json(request.content)
        return httpx.Response(200, json=cmudict.process(body).model_dump(mode="json"))

    stamina.set_testing(True, attempts=1)
    with respx.mock(assert_all_called=False) as router:
        router.post(f"{PHONEME_MAP}/search", name="search").mock(side_effect=search)
        router.post(f"{PHONEME_MAP}/process", name="process").mock(side_effect=process)
        router.route(host="testserver").pass_through()
        yield router
    stamina.set_testing(False)


def _client(tmp_path: Path, web_dir: Path) -> TestClient:
    settings = OrchestratorSettings(
        artifact_dir=tmp_path / "artifacts", http_transport="httpx", web_dir=web_dir
    )
    return TestClient(create_app(settings))


def test_practice_groups_pair_sounds_and_stress_shifts(
    tmp_path: Path, phoneme_map: respx.MockRouter
) -> None:
    with _client(tmp_path, tmp_path / "no-build") as client:
        wait_ready(client, 5)
        response = client.get("/practice")
        assert response.status_code == 200, response.text
        practice = PracticeResponse.model_validate(response.json())
        calls = phoneme_map["search"].call_count
        assert client.get("/practice").json() == response.json()
        assert phoneme_map["search"].call_count == calls  # built once, then served from memory

    groups = {g.id: g for g in practice.groups}
    assert {"th-s", "graph"} <= set(groups)
    assert {g.kind for g in practice.groups} == {"sound", "stress"}
    assert "I said think, not sink." in [s.text for s in groups["th-s"].sentences]
    for group in practice.groups:
        assert group.sentences
        for sentence in group.sentences:
            assert len(sentence.focus_words) == len(sentence.focus_ipa) == 2
            assert all(w in sentence.text for w in sentence.focus_words)
    for sentence in groups["graph"].sentences:
        # a stress shift: the primary-stress mark sits before a different syllable
        base, derived = sentence.focus_ipa
        assert base.startswith("ˈ") and not derived.startswith("ˈ"), sentence
    assert "Say photograph, then say photography." in [s.text for s in groups["graph"].sentences]


def test_practice_is_503_while_phoneme_map_is_down(tmp_path: Path) -> None:
    stamina.set_testing(True, attempts=1)
    try:
        with respx.mock(assert_all_called=False) as router:
            router.post(f"{PHONEME_MAP}/search").mock(side_effect=httpx.ConnectError("refused"))
            router.route(host="testserver").pass_through()
            with _client(tmp_path, tmp_path / "no-build") as client:
                wait_ready(client, 5)
                response = client.get("/practice")
    finally:
        stamina.set_testing(False)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "upstream_unavailable"


def test_built_web_app_is_served_at_root_and_api_keeps_priority(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>VoiceMesh</title>")
    (dist / "assets" / "app.js").write_text("console.log(1)")
    with _client(tmp_path, dist) as client:
        page = client.get("/")
        assert page.status_code == 200 and "VoiceMesh" in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert client.get("/assets/app.js").status_code == 200
        assert client.get("/health").json()["service"] == "orchestrator-service"
        api = client.get("/attempts")  # an API route, not the app's HTML: JSON 401 without a key
        assert api.status_code == 401
        assert api.json()["error"]["code"] == "unauthorized"


def test_unbuilt_web_app_says_how_to_build_it(tmp_path: Path) -> None:
    with _client(tmp_path, tmp_path / "no-build") as client:
        response = client.get("/")
    assert response.status_code == 404
    error = json.loads(response.text)["error"]
    assert error["code"] == "web_app_not_built" and "npm run build" in error["message"]
