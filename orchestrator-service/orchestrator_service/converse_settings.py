"""Settings of conversation practice (``/converse``), part of the orchestrator's settings
(env prefix ``ORCHESTRATOR_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr

from voicemesh.mesh import LLM
from voicemesh.paths import state_dir
from voicemesh.settings import ServiceSettings

Secs = Annotated[float, Field(gt=0, le=60)]


class ConverseSettings(ServiceSettings):
    # The tutor's LLM: any OpenAI-compatible chat-completions server; default the mesh's own.
    llm_url: str | None = Field(
        default=None,
        description="OpenAI base URL, e.g. http://localhost:11434/v1 (Ollama), "
        "https://api.openai.com/v1; unset: the mesh's llm-service (registry name `llm`)",
    )
    llm_model: str = "qwen2.5-0.5b-instruct"
    llm_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("ORCHESTRATOR_LLM_API_KEY", "OPENAI_API_KEY"),
    )
    llm_timeout_s: Secs = 20.0
    llm_max_tokens: Annotated[int, Field(ge=8, le=1024)] = 60
    llm_temperature: Annotated[float, Field(ge=0, le=2)] = 0.6
    # Server VAD (Silero): speech starts above vad_threshold, ends after vad_silence_s below.
    vad_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.5
    vad_silence_s: Annotated[float, Field(ge=0.2, le=5)] = 0.6
    vad_min_speech_s: Annotated[float, Field(ge=0.05, le=2)] = 0.2
    follow_up_s: Secs = Field(default=4.0, description="silence after a reply that ends a dialog")
    # Partial transcripts while the learner speaks: ASR on the speech so far every this many
    # seconds of audio (one call at a time). 0 = off, the default: with one ASR thread a partial
    # still running at the end of speech delays the final transcript.
    partial_transcript_s: Annotated[float, Field(ge=0, le=30)] = 0.0
    # Hands-free mode: openWakeWord's built-in model, threshold and cooldown.
    wake_word: str = Field(default="alexa", pattern=r"^(alexa|hey_jarvis|hey_mycroft|okay_nabu)$")
    wake_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.6
    wake_cooldown_s: Annotated[float, Field(ge=0, le=30)] = 1.0
    acknowledgements: list[str] = Field(
        default=["Yes?", "I'm listening.", "Go ahead."], min_length=1
    )
    greeting: str = "Hello! Let's practise speaking English."
    warm_up: bool = Field(
        default=True,
        description="synthesise the greeting (warming TTS), acknowledgements and canned prompts "
        "once at start-up, so they play without waiting for TTS",
    )
    # Per-dialog transcripts (USER:/ASSISTANT: lines). Off by default: they hold what the
    # learner said, which no service log may hold.
    dialog_log: bool = False
    dialog_log_dir: Path = Field(default_factory=lambda: state_dir() / "logs")
    dialog_log_max_bytes: Annotated[int, Field(ge=1024)] = 256 * 1024
    dialog_log_backups: Annotated[int, Field(ge=0, le=100)] = 2
    dialog_log_keep: Annotated[int, Field(ge=1, le=100_000)] = 200
    dialog_idle_s: Annotated[float, Field(gt=0)] = 1800.0  # a dialog unused this long is dropped

    def tutor_llm_url(self) -> str:
        """The tutor's chat-completions base URL: ``llm_url``, else the mesh's llm-service."""
        return self.llm_url or self.service_url(LLM.name)

    def tutor_llm_is_the_mesh(self) -> bool:
        """Whether the tutor calls the mesh's own llm-service (which wants the internal token;
        an outside endpoint must never see it)."""
        return self.llm_url is None
