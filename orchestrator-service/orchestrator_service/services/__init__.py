"""The orchestrator's engine is the pipeline; MOCK_MODE changes nothing here, because in a mock
mesh the seven services it calls serve their fixtures (the mock mesh's answer is pinned by
``tests/data/mock_orchestrator_full.json``)."""

from __future__ import annotations

import httpx
from httpx_aiohttp import AiohttpTransport

from orchestrator_service.services.pipeline import Pipeline
from orchestrator_service.services.run import StageLimits
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.clients import MeshClients
from voicemesh.internal_auth import mesh_token, token_headers


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
    limits = httpx.Limits(
        max_connections=s.max_connections * len(urls),
        max_keepalive_connections=s.max_connections * len(urls),
    )
    # One AsyncClient. Its default transport is aiohttp's (httpx-aiohttp): for seven calls per
    # request, httpcore's pool bookkeeping cost ~4 ms of CPU per /process (bench/).
    transport = AiohttpTransport(limits=limits) if s.http_transport == "aiohttp" else None
    http = httpx.AsyncClient(transport=transport, limits=limits)
    clients = MeshClients(
        http,
        urls,
        timeout_s=s.stage_timeout_s,
        connect_timeout_s=s.connect_timeout_s,
        attempts=s.attempts,
        headers=token_headers(mesh_token(s)),
    )
    return Pipeline(
        clients,
        StageLimits(s.stage_concurrency),
        artifact_url=f"{s.public_url.rstrip('/')}/artifacts",
        asr_target_hint=s.asr_target_hint,
    )
