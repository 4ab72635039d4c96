"""Settings of phoneme-map-service (env prefix ``PHONEME_MAP_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import Port, ServiceSettings


class PhonemeMapSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PHONEME_MAP_", extra="ignore")

    port: Port = 8006
    engine: Literal["cmudict"] = "cmudict"
