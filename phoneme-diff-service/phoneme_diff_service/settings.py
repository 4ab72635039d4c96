"""Settings of phoneme-diff-service (env prefix ``DIFF_``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from voicemesh.settings import ServiceSettings


class PhonemeDiffSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIFF_", extra="ignore")

    port: int = 8007
    engine: Literal["gop-prosody"] = "gop-prosody"
