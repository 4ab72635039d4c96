"""The service registry (voicemesh.mesh) is the one place a service is declared: a service
added there shows up in settings, the orchestrator's clients and the launcher, with no other
edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import httpx
import pytest
import respx
from pydantic import BaseModel

from orchestrator_service.services import make_engine
from orchestrator_service.settings import OrchestratorSettings
from voicemesh import launcher, mesh
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.orchestrator import Stage
from voicemesh.settings import ServiceSettings, settings_config


class EchoRequest(BaseModel):
    text: str


class EchoResponse(BaseModel):
    echoed: str


ECHO = mesh.ServiceSpec(
    "echo",
    "echo-service",
    "echo_service",
    8099,
    "ECHO_",
    2,
    EchoRequest,
    EchoResponse,
    stage="echo",  # type: ignore[arg-type]  # a stage the contracts do not know: a fake
    fixture="mock_echo.json",
)


@pytest.fixture
def with_echo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(mesh, "SERVICES", (*mesh.SERVICES, ECHO))
    yield


def test_names_ports_prefixes_and_stages_are_unique() -> None:
    for field in ("name", "folder", "package", "port", "env_prefix"):
        values = [getattr(s, field) for s in mesh.SERVICES]
        assert len(values) == len(set(values)), field
    stages = [s.stage for s in mesh.stage_services()]
    assert len(stages) == len(set(stages))
    # upload: the orchestrator's own; llm: the tutor's, in /converse turns (not a registry stage)
    assert set(stages) | {"upload", "llm"} == set(get_args(Stage))


def test_an_added_service_has_settings_a_url_and_a_port(with_echo: None) -> None:
    class EchoSettings(ServiceSettings):
        model_config = settings_config(ECHO)
        port: int = ECHO.port

    assert EchoSettings.model_config["env_prefix"] == "ECHO_"
    assert EchoSettings().port == 8099
    assert ServiceSettings().service_url("echo") == "http://127.0.0.1:8099"
    compose = ServiceSettings(VOICEMESH_SERVICE_URL_TEMPLATE="http://{name}:{port}")  # type: ignore[call-arg]
    assert compose.service_url("echo") == "http://echo:8099"
    moved = ServiceSettings(VOICEMESH_SERVICE_URLS={"echo": "http://gpu-box:1234/"})  # type: ignore[call-arg]
    assert moved.service_url("echo") == "http://gpu-box:1234"
    assert moved.service_url("asr") == f"http://127.0.0.1:{mesh.ASR.port}"


@pytest.mark.anyio
async def test_the_orchestrator_can_call_an_added_service(with_echo: None, tmp_path: Path) -> None:
    settings = OrchestratorSettings(artifact_dir=tmp_path, http_transport="httpx")
    pipeline = make_engine(settings, ArtifactStore(tmp_path))
    with respx.mock(assert_all_called=True) as router:
        router.post("http://127.0.0.1:8099/process").respond(200, json={"echoed": "hi"})
        async with pipeline.clients as clients:
            result = await clients.call(ECHO, EchoRequest(text="hi"))
    assert result.value == EchoResponse(echoed="hi")


def test_the_launcher_supervises_an_added_service(
    with_echo: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOICEMESH_STATE_DIR", str(tmp_path))
    config = launcher.write_config("127.0.0.1").read_text()
    assert "[program:echo]" in config and "voicemesh.cli serve echo" in config
    assert ECHO in launcher.phases()[1]
    assert mesh.spec("echo") is ECHO


def test_an_unknown_service_name_is_a_clear_exit() -> None:
    with pytest.raises(SystemExit, match="unknown service 'nope'"):
        mesh.spec("nope")


def test_the_orchestrator_calls_every_stage_service_by_its_registry_url(tmp_path: Path) -> None:
    settings = OrchestratorSettings(artifact_dir=tmp_path)
    assert {s.name: settings.service_url(s.name) for s in mesh.stage_services()} == {
        s.name: f"http://127.0.0.1:{s.port}" for s in mesh.stage_services()
    }
    assert httpx.URL(settings.public_url).port == mesh.ORCHESTRATOR.port
