"""Settings of feedback-llm-service (env prefix ``FEEDBACK_``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr

from voicemesh.mesh import FEEDBACK
from voicemesh.settings import Port, ServiceSettings, settings_config


class FeedbackSettings(ServiceSettings):
    model_config = settings_config(FEEDBACK)

    port: Port = FEEDBACK.port
    engine: Literal["rules", "openai"] = "rules"

    # What the feedback holds (the rules engine and the LLM's answer are cut to these).
    max_priorities: Annotated[int, Field(ge=1, le=10)] = 3
    max_tips: Annotated[int, Field(ge=1, le=20)] = 5
    max_drills: Annotated[int, Field(ge=1, le=10)] = 4

    # openai engine: any OpenAI-compatible chat-completions server.
    base_url: str | None = Field(
        default=None, description="e.g. http://localhost:11434/v1 (Ollama); None = OpenAI"
    )
    model: str = "gpt-4o-mini"
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("FEEDBACK_API_KEY", "OPENAI_API_KEY")
    )
    timeout_s: Annotated[float, Field(gt=0, le=600)] = 30.0
    max_retries: Annotated[int, Field(ge=0, le=5)] = 1
    temperature: Annotated[float, Field(ge=0, le=2)] | None = 0.2
    max_tokens: Annotated[int, Field(ge=64, le=16_384)] = 1500
    response_format: Literal["auto", "json_schema", "json_object"] = "auto"

    # Optional extra minimal pairs from phoneme-map-service (POST /search) at its registry URL
    # (settings.service_url); off by default.
    phoneme_map_search: bool = False
    phoneme_map_timeout_s: Annotated[float, Field(gt=0, le=30)] = 2.0
