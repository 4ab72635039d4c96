"""Settings of feedback-llm-service (env prefix ``FEEDBACK_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import ServiceSettings


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", extra="ignore")

    port: int = 8004
    engine: Literal["rules", "openai"] = "rules"
