"""Settings of phoneme-diff-service (env prefix ``DIFF_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from voicemesh.mesh import PHONEME_DIFF
from voicemesh.settings import Port, ServiceSettings, settings_config
from voicemesh_speech.whisper_model import default_model_cache

MODELS_DIR = Path(__file__).resolve().parent / "models"


class PhonemeDiffSettings(ServiceSettings):
    model_config = settings_config(PHONEME_DIFF)

    port: Port = PHONEME_DIFF.port
    engine: Literal["gop-prosody"] = "gop-prosody"
    models_dir: Path = Field(
        default=MODELS_DIR, description="folder with the fitted phone/word/stress models"
    )
    model_cache: Path = Field(
        default_factory=default_model_cache,
        description="where the bundled Whisper base (encoder features) is reassembled "
        "(≈ 145 MB; the same folder as ASR_MODEL_CACHE shares one copy)",
    )
    pitch_floor_hz: Annotated[float, Field(gt=20, lt=200)] = 75.0
    pitch_ceiling_hz: Annotated[float, Field(gt=200, le=1200)] = 600.0
