"""Settings of phoneme-map-service (env prefix ``PHONEME_MAP_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from voicemesh.mesh import PHONEME_MAP
from voicemesh.settings import Port, ServiceSettings, settings_config
from voicemesh_speech.whisper_model import default_model_cache

FallbackName = Literal["g2p", "espeak"]


def _default_fallbacks() -> list[FallbackName]:
    return ["g2p", "espeak"]


class PhonemeMapSettings(ServiceSettings):
    model_config = settings_config(PHONEME_MAP)

    port: Port = PHONEME_MAP.port
    engine: Literal["cmudict"] = "cmudict"
    # Sources for words outside CMUdict, tried in this order (JSON list in the environment,
    # e.g. PHONEME_MAP_FALLBACKS='["espeak","g2p"]'); [] = CMUdict only (unknown words → 422).
    fallbacks: list[FallbackName] = Field(default_factory=_default_fallbacks)
    espeak_binary: str = "espeak-ng"
    espeak_voice: str = "en-us"
    espeak_timeout_s: Annotated[float, Field(gt=0, le=60)] = 10.0
    # Words in one answer after expansion (numbers, abbreviations): more is a 422.
    max_words: Annotated[int, Field(ge=1, le=2000)] = 300
    model_cache: Path = Field(
        default_factory=default_model_cache,
        description="where CMUdict, its frequencies and the search index are kept once built "
        "(phoneme_map_service.lexicon_cache; ≈ 40 MB; the Whisper model cache by default)",
    )
