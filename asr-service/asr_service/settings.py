"""Settings of asr-service (env prefix ``ASR_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import ServiceSettings


class AsrSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ASR_", extra="ignore")

    port: int = 8001
    engine: Literal["faster-whisper", "whisperx"] = "faster-whisper"
