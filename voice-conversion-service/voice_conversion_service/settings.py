"""Settings of voice-conversion-service (env prefix ``VC_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import Port, ServiceSettings


class VoiceConversionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VC_", extra="ignore")

    port: Port = 8003
    engine: Literal["praat", "rvc"] = "praat"
