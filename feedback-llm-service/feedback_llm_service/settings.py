"""Settings of feedback-llm-service (env prefix ``FEEDBACK_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import Port, ServiceSettings


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", extra="ignore")

    port: Port = 8004
    engine: Literal["rules", "openai"] = "rules"
