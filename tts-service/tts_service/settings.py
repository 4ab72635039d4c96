"""Settings of tts-service (env prefix ``TTS_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import ServiceSettings


class TtsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TTS_", extra="ignore")

    port: int = 8002
    engine: Literal["piper", "xtts"] = "piper"
