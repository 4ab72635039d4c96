"""docker-compose files against the mesh table (voicemesh.mesh): names, ports, env prefixes,
health checks, the shared artifact volume, the networks, and the GPU/CPU variants."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator_service.settings import OrchestratorSettings
from voicemesh.mesh import SERVICES, ServiceSpec

ROOT = Path(__file__).resolve().parent.parent
BASE = "docker-compose.yml"
GPU = "docker-compose.override.yml"
CPU = "docker-compose.cpu.yml"
SERVER = "docker-compose.server.yml"  # the server's backing services (test_compose_server.py)
GPU_SERVICES = {"asr", "tts", "voice-conversion"}
COMMON_ENV = {"MOCK_MODE", "OPENAI_API_KEY"}  # plus VOICEMESH_*
ARTIFACTS = "/data/artifacts"
by_name = pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / name).read_text())
    return document


def compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    return None


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return load(BASE)


def env_of(service: dict[str, Any]) -> dict[str, Any]:
    env = service.get("environment", {})
    assert isinstance(env, dict), "write environment as a mapping"
    return env


@pytest.mark.parametrize(
    "files",
    [[BASE], [BASE, GPU], [BASE, CPU], [BASE, GPU, SERVER], [BASE, CPU, SERVER]],
    ids=["base", "gpu", "cpu", "gpu+server", "cpu+server"],
)
def test_compose_config_is_valid(files: list[str]) -> None:
    command = compose_command()
    if command is None:
        pytest.skip("neither docker-compose nor `docker compose` is installed")
    args = [*command, "--project-directory", str(ROOT)]
    for name in files:
        args += ["-f", str(ROOT / name)]
    result = subprocess.run([*args, "config", "-q"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_services_are_the_mesh(base: dict[str, Any]) -> None:
    assert set(base["services"]) == {spec.name for spec in SERVICES}


@by_name
def test_service_runs_its_image_on_its_port(base: dict[str, Any], service: ServiceSpec) -> None:
    svc = base["services"][service.name]
    assert svc["build"]["dockerfile"] == f"{service.folder}/Dockerfile"
    assert svc["image"].startswith(f"voicemesh/{service.name}:")
    env = env_of(svc)
    assert str(env[f"{service.env_prefix}PORT"]) == str(service.port)
    assert env[f"{service.env_prefix}HOST"] == "0.0.0.0"
    foreign = [
        key
        for key in env
        if not key.startswith((service.env_prefix, "VOICEMESH_")) and key not in COMMON_ENV
    ]
    assert not foreign, f"{service.name} sets variables outside its prefix: {foreign}"


@by_name
def test_service_has_ready_healthcheck_and_artifact_volume(
    base: dict[str, Any], service: ServiceSpec
) -> None:
    svc = base["services"][service.name]
    assert "/ready" in svc["healthcheck"]["test"]
    assert f"artifacts:{ARTIFACTS}" in svc["volumes"]
    assert env_of(svc)["VOICEMESH_ARTIFACT_DIR"] == ARTIFACTS
    assert "mesh" in svc["networks"]


def test_only_the_orchestrator_is_published(base: dict[str, Any]) -> None:
    for variant in (base, load(GPU), load(CPU)):
        published = {name for name, svc in variant["services"].items() if svc.get("ports")}
        assert published <= {"orchestrator"}
    assert base["services"]["orchestrator"]["ports"] == ["${VOICEMESH_PORT:-9000}:9000"]
    assert base["networks"]["mesh"]["internal"] is True
    on_public = {name for name, svc in base["services"].items() if "public" in svc["networks"]}
    assert on_public == {"orchestrator"}
    assert set(base["volumes"]) == {"artifacts", "models", "state"}
    assert "state:/data/state" in base["services"]["orchestrator"]["volumes"]


def test_orchestrator_waits_for_healthy_services_and_reaches_them_by_name(
    base: dict[str, Any],
) -> None:
    orchestrator = base["services"]["orchestrator"]
    template = env_of(orchestrator)["VOICEMESH_SERVICE_URL_TEMPLATE"]
    settings = OrchestratorSettings(VOICEMESH_SERVICE_URL_TEMPLATE=template)  # type: ignore[call-arg]
    for spec in SERVICES:
        if spec.name == "orchestrator":
            continue
        assert orchestrator["depends_on"][spec.name] == {"condition": "service_healthy"}
        assert settings.service_url(spec.name) == f"http://{spec.name}:{spec.port}"


def test_gpu_override_reserves_a_gpu_for_the_gpu_engines() -> None:
    gpu = load(GPU)["services"]
    assert set(gpu) == GPU_SERVICES
    for name, svc in gpu.items():
        devices = svc["deploy"]["resources"]["reservations"]["devices"]
        assert devices == [{"driver": "nvidia", "count": 1, "capabilities": ["gpu"]}], name
        assert svc["build"]["target"] == "gpu"
        assert svc["image"].endswith("-gpu")
    assert env_of(gpu["asr"])["ASR_ENGINE"] == "${ASR_ENGINE:-whisperx}"
    assert env_of(gpu["tts"])["TTS_ENGINE"] == "${TTS_ENGINE:-xtts}"
    assert env_of(gpu["voice-conversion"])["VC_ENGINE"] == "${VC_ENGINE:-praat}"


def test_cpu_variant_pins_cpu_images_and_embedded_engines(base: dict[str, Any]) -> None:
    cpu = load(CPU)["services"]
    assert set(cpu) == GPU_SERVICES | {"alignment"}
    expected = {
        "asr": ("ASR_ENGINE", "faster-whisper"),
        "alignment": ("ALIGN_ENGINE", "pocketsphinx"),
        "tts": ("TTS_ENGINE", "piper"),
        "voice-conversion": ("VC_ENGINE", "praat"),
    }
    for name, (variable, engine) in expected.items():
        assert "deploy" not in cpu[name]
        assert cpu[name]["build"] == {"target": "cpu"}
        assert env_of(cpu[name])[variable] == engine
    # The base file alone is a CPU mesh too: no GPU reservation, no GPU image.
    for svc in base["services"].values():
        assert "deploy" not in svc
        assert svc["build"]["target"] in ("cpu", "${ALIGN_TARGET:-cpu}")


@by_name
def test_every_service_gets_the_internal_token_as_a_secret(
    base: dict[str, Any], service: ServiceSpec
) -> None:
    svc = base["services"][service.name]
    assert svc["secrets"] == ["internal_token"]
    env = env_of(svc)
    assert env["VOICEMESH_INTERNAL_TOKEN_FILE"] == "/run/secrets/internal_token"
    assert env["VOICEMESH_ALLOW_PUBLIC_BIND"] == "true"  # bound inside the compose networks
    assert base["secrets"]["internal_token"]["file"].startswith("./var/")
