"""The mesh's one table of services: names, packages, ports, env prefixes, start-up phases.
Ports follow DESIGN.md; the launcher, the orchestrator's default URLs and the compose check
all read this table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # short name, also the process name under the launcher
    folder: str  # repository folder, e.g. asr-service
    package: str  # Python package, e.g. asr_service
    port: int
    env_prefix: str
    phase: int  # start-up phase of the launcher; a phase starts when the last is ready

    @property
    def app_factory(self) -> str:
        return f"{self.package}.main:create_app"


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "phoneme-map", "phoneme-map-service", "phoneme_map_service", 8006, "PHONEME_MAP_", 1
    ),
    ServiceSpec("phoneme-diff", "phoneme-diff-service", "phoneme_diff_service", 8007, "DIFF_", 1),
    ServiceSpec("feedback", "feedback-llm-service", "feedback_llm_service", 8004, "FEEDBACK_", 1),
    ServiceSpec(
        "voice-conversion", "voice-conversion-service", "voice_conversion_service", 8003, "VC_", 1
    ),
    ServiceSpec("asr", "asr-service", "asr_service", 8001, "ASR_", 2),
    ServiceSpec("alignment", "alignment-service", "alignment_service", 8005, "ALIGN_", 2),
    ServiceSpec("tts", "tts-service", "tts_service", 8002, "TTS_", 1),
    ServiceSpec("llm", "llm-service", "llm_service", 8008, "LLM_", 1),
    ServiceSpec(
        "orchestrator", "orchestrator-service", "orchestrator_service", 9000, "ORCHESTRATOR_", 3
    ),
)
BY_NAME = {spec.name: spec for spec in SERVICES}


def spec(name: str) -> ServiceSpec:
    try:
        return BY_NAME[name]
    except KeyError:
        raise SystemExit(f"unknown service {name!r}; one of {sorted(BY_NAME)}") from None
