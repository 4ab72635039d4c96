"""Settings of orchestrator-service (env prefix ``ORCHESTRATOR_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from orchestrator_service.converse_settings import ConverseSettings
from voicemesh.mesh import ORCHESTRATOR, orchestrator_url
from voicemesh.paths import repo_root
from voicemesh.settings import Port, settings_config


class OrchestratorSettings(ConverseSettings):
    model_config = settings_config(ORCHESTRATOR)

    port: Port = ORCHESTRATOR.port
    # The services it calls: VOICEMESH_SERVICE_URL_TEMPLATE / VOICEMESH_SERVICE_URLS (common).
    public_url: str = Field(
        default=orchestrator_url(), description="base URL learners reach the orchestrator at"
    )
    # Whisper's initial_prompt = the target sentence. Off: a hint pulls the transcript toward
    # the target, hiding the words a learner replaced or skipped, and it doubled Whisper base's
    # decoding time on speechocean762 clips (asr-service/README.md).
    asr_target_hint: bool = Field(
        default=False, description="send the target sentence to ASR as Whisper's initial_prompt"
    )
    # Per-stage read timeout (seconds) and retry attempts (first try included).
    # Within a request each call's read timeout is also capped by the request's deadline.
    stage_timeout_s: Annotated[float, Field(gt=0, le=600)] = 60.0
    connect_timeout_s: Annotated[float, Field(gt=0, le=60)] = 2.0
    attempts: Annotated[int, Field(ge=1, le=10)] = 3
    # At most this many concurrent calls per stage, so one slow engine cannot pile up work.
    stage_concurrency: Annotated[int, Field(ge=1, le=256)] = 8
    max_connections: Annotated[int, Field(ge=1, le=1000)] = 32  # per service
    # "aiohttp" (httpx-aiohttp, faster) or "httpx" (httpcore's own; what respx can mock).
    http_transport: Literal["aiohttp", "httpx"] = "aiohttp"
    # A request is lost only when its deadline passes: engine calls are retried until then
    # (voicemesh.clients), e.g. across a crashed service's restart.
    request_deadline_s: Annotated[float, Field(gt=0, le=3600)] = 60.0
    # Admission control (voicemesh.limits): requests running at once and waiting; beyond
    # that POST /process answers 503 + Retry-After.
    max_in_flight: Annotated[int, Field(ge=1, le=1024)] = 8
    max_queued: Annotated[int, Field(ge=0, le=10_000)] = 16
    # Written by `voicemesh up` (voicemesh.supervision): services it gave up on.
    supervision_file: Path | None = None
    # Artifacts older than this are deleted (seconds), and the oldest beyond
    # artifact_max_bytes in total; checked every purge_interval_s.
    artifact_retention_s: Annotated[float, Field(gt=0)] = 24 * 3600.0
    artifact_max_bytes: Annotated[int, Field(ge=1)] = 2 * 1024**3
    purge_interval_s: Annotated[float, Field(gt=0)] = 600.0
    engine_queue: Annotated[int, Field(ge=0, le=10_000)] = 64
    web_dir: Path = Field(
        default_factory=lambda: repo_root() / "web" / "dist",
        description="the built learner web app served at / (web/README.md)",
    )
