"""Property-based fuzzing (schemathesis + hypothesis) of every engine service in MOCK_MODE, each
from its own ``openapi.yaml``, in-process over ASGI (the orchestrator, which needs its
database and the engines, is fuzzed on the running mock mesh: tests/test_mesh_mock.py): positive (schema-valid) and negative
(schema-violating) requests to every operation. Checks: no 5xx, status codes, content types
and bodies (every 4xx is the structured error body) as the document says, and invalid data is
refused. Examples are bounded (``FUZZ_EXAMPLES`` per operation and mode) so the test command
stays short; bench/fuzz.py runs the same against the real engines with more."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from voicemesh.fuzzing import fuzz_operations
from voicemesh.mesh import SERVICES, ServiceSpec
from voicemesh.state import service_state

ROOT = Path(__file__).resolve().parents[1]
FUZZ_EXAMPLES = 15  # per operation and mode; bench/fuzz.py --examples runs more


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


ENGINE_SERVICES = [s for s in SERVICES if s.name != "orchestrator"]


@pytest.mark.parametrize("spec", ENGINE_SERVICES, ids=lambda s: s.name)
def test_every_operation_survives_fuzzing(
    spec: ServiceSpec, monkeypatch_module: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch_module.setenv("MOCK_MODE", "true")
    monkeypatch_module.setenv("VOICEMESH_ARTIFACT_DIR", str(tmp_path))
    app = importlib.import_module(f"{spec.package}.main").create_app()
    service_state(app).loader.load()  # fixtures: instant; the lifespan loads them again
    done = fuzz_operations(ROOT / spec.folder / "openapi.yaml", app, FUZZ_EXAMPLES)
    assert any(spec.path in label for label in done), done
