"""The orchestrator's engine is the pipeline; MOCK_MODE changes nothing here, because in a mock
mesh the seven services it calls serve their fixtures (the mock mesh's answer is pinned by
``tests/data/mock_orchestrator_full.json``)."""

from __future__ import annotations

import httpx

from orchestrator_service.services.pipeline import Pipeline
from orchestrator_service.services.run import StageLimits
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.clients import MeshClients


def make_engine(settings: OrchestratorSettings, store: ArtifactStore) -> Pipeline:
    s = settings
    urls = {
        "asr": str(s.asr_url),
        "alignment": str(s.alignment_url),
        "phoneme-map": str(s.phoneme_map_url),
        "phoneme-diff": str(s.phoneme_diff_url),
        "tts": str(s.tts_url),
        "voice-conversion": str(s.voice_conversion_url),
        "feedback": str(s.feedback_url),
    }
    # One AsyncClient, one connection pool per service: httpcore scans a pool's connections
    # for every request, so one pool holding every service's connections costs CPU per call.
    limits = httpx.Limits(
        max_connections=s.max_connections, max_keepalive_connections=s.max_connections
    )
    http = httpx.AsyncClient(
        mounts={url.rstrip("/"): httpx.AsyncHTTPTransport(limits=limits) for url in urls.values()},
        limits=limits,
    )
    clients = MeshClients(
        http,
        urls,
        timeout_s=s.stage_timeout_s,
        connect_timeout_s=s.connect_timeout_s,
        attempts=s.attempts,
    )
    return Pipeline(
        clients,
        StageLimits(s.stage_concurrency),
        artifact_url=f"{s.public_url.rstrip('/')}/artifacts",
    )
