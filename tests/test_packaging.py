"""Packaging of every service in the mesh table (voicemesh.mesh): the files each service folder
must hold, requirements.txt in step with uv.lock, the Dockerfiles' shape, valid OpenAPI."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from voicemesh.mesh import SERVICES, ServiceSpec

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_FILES = ("pyproject.toml", "requirements.txt", "Dockerfile", "README.md", "openapi.yaml")
by_name = pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)


def _export_script() -> ModuleType:
    path = ROOT / "scripts" / "export_requirements.py"
    spec = importlib.util.spec_from_file_location("export_requirements", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@by_name
def test_service_folder_holds_its_files(service: ServiceSpec) -> None:
    folder = ROOT / service.folder
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    assert not missing, f"{service.folder} lacks {missing}"
    assert (folder / service.package / "main.py").is_file()


@by_name
def test_pyproject_names_the_folder_and_package(service: ServiceSpec) -> None:
    with (ROOT / service.folder / "pyproject.toml").open("rb") as fh:
        pyproject = tomllib.load(fh)
    assert pyproject["project"]["name"] == service.folder
    assert pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [service.package]


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH: cannot re-export")
@by_name
def test_requirements_txt_matches_the_lock(service: ServiceSpec) -> None:
    export = _export_script()
    expected = export.pins(export.export(service.folder))
    current = export.pins((ROOT / service.folder / "requirements.txt").read_text())
    assert current == expected, (
        f"{service.folder}/requirements.txt drifted from uv.lock: "
        "run `python scripts/export_requirements.py`"
    )


@by_name
def test_requirements_txt_pins_every_package(service: ServiceSpec) -> None:
    lines = (ROOT / service.folder / "requirements.txt").read_text().splitlines()
    requirements = [ln for ln in lines if ln and not ln.lstrip().startswith("#")]
    assert requirements
    unpinned = [ln for ln in requirements if "==" not in ln]
    assert not unpinned
    # The workspace packages come from source in the image, never from an index.
    names = {re.split(r"[=;\s]", ln, maxsplit=1)[0] for ln in requirements}
    assert not names & {"voicemesh", service.folder}


@by_name
def test_dockerfile_builds_a_multi_stage_non_root_image(service: ServiceSpec) -> None:
    text = (ROOT / service.folder / "Dockerfile").read_text()
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in text
    assert "FROM ${BASE_IMAGE} AS builder" in text
    assert "FROM ${BASE_IMAGE} AS cpu" in text
    assert "COPY --from=builder /opt/venv /opt/venv" in text
    assert f"COPY {service.folder}/requirements.txt" in text
    assert f"build-venv.sh deps {service.folder}" in text
    for shared_data in ("COPY prompts /app/prompts", "COPY tests/data /app/tests/data"):
        assert shared_data in text
    assert re.search(r"^USER 10001", text, re.M), "the service must not run as root"
    assert f"VOICEMESH_SERVICE={service.name}" in text
    assert f"EXPOSE {service.port}" in text
    assert "HEALTHCHECK" in text and "/opt/voicemesh/healthcheck.py" in text
    assert f'CMD ["voicemesh", "serve", "{service.name}", "--host", "0.0.0.0"]' in text
    # Whatever stage comes last, the image ends up unprivileged.
    last_user = re.findall(r"^USER (\S+)", text, re.M)[-1]
    assert last_user.startswith("10001")


@pytest.mark.parametrize(
    ("folder", "target", "engine_line"),
    [
        ("asr-service", "gpu", "whisperx"),
        ("tts-service", "gpu", "coqui-tts"),
        ("voice-conversion-service", "gpu", "rvc-python"),
        ("alignment-service", "mfa", "montreal-forced-aligner"),
    ],
)
def test_gpu_engines_install_only_in_their_target(
    folder: str, target: str, engine_line: str
) -> None:
    text = (ROOT / folder / "Dockerfile").read_text()
    assert re.search(rf"^FROM \S+ AS {target}$", text, re.M)
    instructions = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    cpu_stage = instructions.split(" AS cpu\n", 1)[1].split("\nFROM ", 1)[0]
    assert engine_line not in cpu_stage
    assert engine_line in text
    lock = (ROOT / "uv.lock").read_text()
    assert f'name = "{engine_line}"' not in lock, f"{engine_line} must stay outside the lock"


@by_name
def test_openapi_yaml_is_a_valid_openapi_document(service: ServiceSpec) -> None:
    path = ROOT / service.folder / "openapi.yaml"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `voicemesh openapi`")
    document = yaml.safe_load(path.read_text())
    validate(document)
    for route in ("/health", "/ready", "/process"):
        assert route in document["paths"], f"{service.name} documents no {route}"


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for entry in (".venv", ".git", "var", "tests/audio"):
        assert entry in ignored
    assert "tests/data" not in ignored  # the fixtures MOCK_MODE serves go into the images


def _workflow(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    return document


def test_image_workflow_builds_every_service_and_the_gpu_targets() -> None:
    jobs = _workflow("build.yml")["jobs"]
    cpu = {(row["service"], row["folder"]) for row in jobs["cpu"]["strategy"]["matrix"]["include"]}
    assert cpu == {(spec.name, spec.folder) for spec in SERVICES}
    gpu = {(row["service"], row["target"]) for row in jobs["gpu"]["strategy"]["matrix"]["include"]}
    assert gpu == {
        ("asr", "gpu"),
        ("tts", "gpu"),
        ("voice-conversion", "gpu"),
        ("alignment", "mfa"),
    }


def test_test_workflow_runs_the_project_test_command() -> None:
    steps = _workflow("tests.yml")["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash scripts/test.sh" for step in steps)
