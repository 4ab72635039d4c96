"""Every orchestrator test gets its own state folder (database, local key, session secret,
stored audio), so nothing touches the checkout's var/; fixtures for a fake mesh, an
orchestrator behind it and users with keys."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
import stamina
from fastapi.testclient import TestClient

from orchestrator_service.cli import admin_main
from orchestrator_service.main import create_app
from orchestrator_service.server_settings import ServerSettings
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.testing import mock_fixture, mock_fixtures, mock_url
from voicemesh.testservers import create_database, postgres_server

CLIP = Path(__file__).resolve().parents[2] / "tests" / "audio" / "hello-world.wav"


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "state"
    monkeypatch.setenv("VOICEMESH_STATE_DIR", str(state))
    for name in ("VOICEMESH_LOCAL_KEY_FILE", "VOICEMESH_API_KEY", "VOICEMESH_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return state


@pytest.fixture
def fake_mesh() -> Iterator[respx.MockRouter]:
    """The seven services answer their fixtures (respx); routes named by service."""
    stamina.set_testing(True, attempts=1)
    with respx.mock(assert_all_called=False) as router:
        for name in mock_fixtures():
            router.post(mock_url(name), name=name).mock(
                return_value=httpx.Response(200, json=mock_fixture(name))
            )
        router.route(host="testserver").pass_through()
        yield router
    stamina.set_testing(False)


MakeClient = Callable[..., TestClient]
NewKey = Callable[[str, str, str], str]


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """One real PostgreSQL server for the session (a fresh database per test)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Each server test runs on the embedded default (SQLite in the state folder) and on a
    fresh database of a real PostgreSQL server; the admin CLI reads the same variable."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{state_dir / 'voicemesh.db'}"
    else:
        url = create_database(request.getfixturevalue("postgres"), f"t_{secrets.token_hex(6)}")
    monkeypatch.setenv("VOICEMESH_DATABASE_URL", url)
    return url


@pytest.fixture
def make_client(tmp_path: Path, fake_mesh: respx.MockRouter, database_url: str) -> MakeClient:
    """``make_client(**server_settings)``: an orchestrator on ``tmp_path`` behind the fake mesh,
    whose TTS and VC write a new audio file per call, as the real ones do."""
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir(exist_ok=True)

    def fresh_audio(name: str) -> Callable[[httpx.Request], httpx.Response]:
        def answer(request: httpx.Request) -> httpx.Response:
            artifact_id = f"{secrets.token_urlsafe(18)}.wav"
            shutil.copy(CLIP, artifacts / artifact_id)
            return httpx.Response(200, json=mock_fixture(name, artifact_id))

        return answer

    for name in ("tts", "voice-conversion"):
        fake_mesh[name].mock(side_effect=fresh_audio(name))

    def make(**server: Any) -> TestClient:
        settings = OrchestratorSettings(
            artifact_dir=artifacts, stage_timeout_s=2.0, http_transport="httpx"
        )
        return TestClient(create_app(settings, ServerSettings(**server)))

    return make


@pytest.fixture
def new_key(capsys: pytest.CaptureFixture[str], database_url: str) -> NewKey:
    """``new_key(org, email, role)``: the org (if new), the user and a key, by the admin CLI."""

    def make(org: str, email: str, role: str) -> str:
        admin_main(["create-org", org])  # 1 when it exists already
        assert admin_main(["create-user", "--org", org, "--email", email, "--role", role]) == 0
        capsys.readouterr()
        assert admin_main(["create-key", "--user", email]) == 0
        return capsys.readouterr().out.strip()

    return make
