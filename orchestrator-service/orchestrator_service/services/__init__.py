"""The orchestrator's engine is the pipeline; MOCK_MODE changes nothing here, because in a mock
mesh the seven services it calls serve their fixtures (the mock mesh's answer is pinned by
``tests/data/mock_orchestrator_full.json``)."""

from __future__ import annotations

from orchestrator_service.services.pipeline import Pipeline
from orchestrator_service.services.run import StageLimits
from orchestrator_service.settings import OrchestratorSettings
from voicemesh import mesh
from voicemesh.artifacts import ArtifactStore
from voicemesh.clients import MeshClients
from voicemesh.internal_auth import mesh_token, token_headers


def make_engine(settings: OrchestratorSettings, store: ArtifactStore) -> Pipeline:
    clients = MeshClients(
        {s.name: settings.service_url(s.name) for s in mesh.stage_services()},
        timeout_s=settings.stage_timeout_s,
        connect_timeout_s=settings.connect_timeout_s,
        attempts=settings.attempts,
        max_connections=settings.max_connections,
        transport=settings.http_transport,
        headers=token_headers(mesh_token(settings)),
    )
    return Pipeline(
        clients,
        StageLimits(settings.stage_concurrency),
        store,
        asr_target_hint=settings.asr_target_hint,
        request_deadline_s=settings.request_deadline_s,
    )
