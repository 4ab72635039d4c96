"""Settings of alignment-service (env prefix ``ALIGN_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import ServiceSettings


class AlignmentSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ALIGN_", extra="ignore")

    port: int = 8005
    engine: Literal["pocketsphinx", "mfa"] = "pocketsphinx"
