"""The service registry: the one table of the mesh's services.

Each :class:`ServiceSpec` says what the rest of the code needs to know about a service: its
name (process name, compose and Kubernetes service name, URL key), folder and package, port,
env prefix, start-up phase, the orchestrator stage it serves, its MOCK_MODE fixture and its
request/response contracts. Settings' port defaults and prefixes, the service URLs every caller
uses (:func:`service_url`), :class:`voicemesh.clients.MeshClients`, the launcher, the compose
and packaging checks and the test fixtures all read it. Adding a service is one entry here
plus its folder.

Readers look the table up when they run (``mesh.SERVICES``, :func:`spec`), so a test can add
an entry with ``monkeypatch.setattr(mesh, "SERVICES", ...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from voicemesh.contracts.alignment import AlignmentRequest, AlignmentResponse
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.contracts.llm import ChatCompletion, ChatRequest
from voicemesh.contracts.orchestrator import ProcessRequest, ProcessResult, Stage
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import PhonemeMapRequest, PhonemeMapResponse
from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse

Req = TypeVar("Req", bound=BaseModel)
Resp = TypeVar("Resp", bound=BaseModel)

LOOPBACK_URL_TEMPLATE = "http://127.0.0.1:{port}"


@dataclass(frozen=True)
class ServiceSpec(Generic[Req, Resp]):
    name: str  # e.g. phoneme-map: process, compose/Kubernetes service, URL key
    folder: str  # repository folder, e.g. phoneme-map-service
    package: str  # Python package, e.g. phoneme_map_service
    port: int
    env_prefix: str  # settings prefix, e.g. PHONEME_MAP_
    phase: int  # launcher start-up phase; a phase starts when the one before is ready
    request: type[Req]  # the contract of POST ``path``
    response: type[Resp]
    stage: Stage | None = None  # the orchestrator's stage name; None: not called by it
    fixture: str | None = None  # MOCK_MODE answer, a file in the fixtures folder
    path: str = "/process"

    @property
    def app_factory(self) -> str:
        return f"{self.package}.main:create_app"


PHONEME_MAP = ServiceSpec(
    "phoneme-map",
    "phoneme-map-service",
    "phoneme_map_service",
    8006,
    "PHONEME_MAP_",
    1,
    PhonemeMapRequest,
    PhonemeMapResponse,
    stage="phoneme_map",
    fixture="mock_phoneme_map.json",
)
PHONEME_DIFF = ServiceSpec(
    "phoneme-diff",
    "phoneme-diff-service",
    "phoneme_diff_service",
    8007,
    "DIFF_",
    1,
    PhonemeDiffRequest,
    PhonemeDiffResponse,
    stage="phoneme_diff",
    fixture="mock_phoneme_diff.json",
)
FEEDBACK = ServiceSpec(
    "feedback",
    "feedback-llm-service",
    "feedback_llm_service",
    8004,
    "FEEDBACK_",
    1,
    FeedbackRequest,
    FeedbackResponse,
    stage="feedback",
    fixture="mock_feedback.json",
)
VOICE_CONVERSION = ServiceSpec(
    "voice-conversion",
    "voice-conversion-service",
    "voice_conversion_service",
    8003,
    "VC_",
    1,
    VoiceConversionRequest,
    VoiceConversionResponse,
    stage="voice_conversion",
    fixture="mock_voice_conversion.json",
)
ASR = ServiceSpec(
    "asr",
    "asr-service",
    "asr_service",
    8001,
    "ASR_",
    1,
    AsrRequest,
    AsrResponse,
    stage="asr",
    fixture="mock_asr.json",
)
ALIGNMENT = ServiceSpec(
    "alignment",
    "alignment-service",
    "alignment_service",
    8005,
    "ALIGN_",
    1,
    AlignmentRequest,
    AlignmentResponse,
    stage="alignment",
    fixture="mock_alignment.json",
)
TTS = ServiceSpec(
    "tts",
    "tts-service",
    "tts_service",
    8002,
    "TTS_",
    1,
    TtsRequest,
    TtsResponse,
    stage="tts",
    fixture="mock_tts.json",
)
# The tutor's language model: an OpenAI-compatible chat endpoint (not a /process stage).
LLM = ServiceSpec(
    "llm",
    "llm-service",
    "llm_service",
    8008,
    "LLM_",
    1,
    ChatRequest,
    ChatCompletion,
    fixture="mock_llm.json",
    path="/v1/chat/completions",
)
ORCHESTRATOR = ServiceSpec(
    "orchestrator",
    "orchestrator-service",
    "orchestrator_service",
    9000,
    "ORCHESTRATOR_",
    3,
    ProcessRequest,
    ProcessResult,
)

AnySpec = ServiceSpec[Any, Any]

SERVICES: tuple[AnySpec, ...] = (
    PHONEME_MAP,
    PHONEME_DIFF,
    FEEDBACK,
    VOICE_CONVERSION,
    ASR,
    ALIGNMENT,
    TTS,
    LLM,
    ORCHESTRATOR,
)


def by_name() -> dict[str, AnySpec]:
    return {s.name: s for s in SERVICES}


def spec(name: str) -> AnySpec:
    """The entry named ``name``; SystemExit naming the known ones otherwise (a CLI typo)."""
    try:
        return by_name()[name]
    except KeyError:
        raise SystemExit(f"unknown service {name!r}; one of {sorted(by_name())}") from None


def stage_services() -> tuple[AnySpec, ...]:
    """The services the orchestrator calls, one per pipeline stage."""
    return tuple(s for s in SERVICES if s.stage is not None)


def service_url(
    name: str, template: str = LOOPBACK_URL_TEMPLATE, overrides: dict[str, str] | None = None
) -> str:
    """Base URL of service ``name``: ``overrides[name]`` if given, else ``template`` with
    ``{name}`` and ``{port}`` filled in (loopback natively; ``http://{name}:{port}`` in compose,
    where each service's host name is its registry name)."""
    if overrides and name in overrides:
        return overrides[name].rstrip("/")
    entry = spec(name)
    return template.format(name=entry.name, port=entry.port).rstrip("/")


def orchestrator_url(host: str = "127.0.0.1") -> str:
    """Where learners and the CLI reach the mesh natively."""
    return f"http://{host}:{ORCHESTRATOR.port}"
