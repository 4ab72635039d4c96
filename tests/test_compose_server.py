"""docker-compose.server.yml: the server's PostgreSQL, Redis, MinIO and worker, added to the
mesh's compose files (test_compose.py checks that each combination is valid)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator_service.settings import OrchestratorSettings
from voicemesh.mesh import SERVICES
from voicemesh.settings import unknown_variables

ROOT = Path(__file__).resolve().parent.parent
SERVER = "docker-compose.server.yml"


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / name).read_text())
    return document


@pytest.fixture(scope="module")
def server() -> dict[str, Any]:
    return load(SERVER)


def test_backing_services_are_internal(server: dict[str, Any]) -> None:
    services = server["services"]
    assert {"postgres", "redis", "minio", "worker"} <= set(services)
    for name in ("postgres", "redis", "minio", "worker"):
        assert services[name]["networks"] == ["mesh"] and "ports" not in services[name], name
        if name != "worker":
            assert services[name]["healthcheck"]["test"], name


def test_orchestrator_and_worker_share_database_queue_and_storage(server: dict[str, Any]) -> None:
    orchestrator = server["services"]["orchestrator"]["environment"]
    worker = server["services"]["worker"]
    env = worker["environment"]
    for key in ("VOICEMESH_DATABASE_URL", "VOICEMESH_QUEUE_URL", "VOICEMESH_STORAGE_URL"):
        assert env[key] == orchestrator[key], key
    assert orchestrator["VOICEMESH_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert orchestrator["VOICEMESH_QUEUE_URL"] == "redis://redis:6379/0"
    assert orchestrator["VOICEMESH_STORAGE_URL"].startswith("s3://voicemesh?endpoint=http://minio")
    assert worker["command"][:2] == ["voicemesh", "worker"]
    assert worker["image"].startswith("voicemesh/orchestrator:")
    assert "artifacts:/data/artifacts" in worker["volumes"]
    # The worker calls the services as the orchestrator does, by their compose names, with
    # the mesh's internal token; it sets no variable the orchestrator's settings would refuse.
    assert env["VOICEMESH_SERVICE_URL_TEMPLATE"] == "http://{name}:{port}"
    assert env["VOICEMESH_INTERNAL_TOKEN_FILE"] == "/run/secrets/internal_token"
    assert worker["secrets"] == ["internal_token"]
    assert unknown_variables(OrchestratorSettings, env) == []


def test_grafana_dashboard_and_scrape_config_cover_the_metrics() -> None:
    dashboard = json.loads((ROOT / "docker" / "grafana-dashboard.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    for metric in (
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        "voicemesh_stage_duration_seconds_bucket",
        "voicemesh_queue_depth",
        "voicemesh_jobs",
        "voicemesh_engine_load_seconds",
    ):
        assert metric in exprs, metric
    scrape = yaml.safe_load((ROOT / "docker" / "prometheus.yml").read_text())
    targets = {
        c["job_name"]: c["static_configs"][0]["targets"][0] for c in scrape["scrape_configs"]
    }
    assert targets == {s.name: f"{s.name}:{s.port}" for s in SERVICES}
