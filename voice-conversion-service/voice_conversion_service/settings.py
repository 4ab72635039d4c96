"""Settings of voice-conversion-service (env prefix ``VC_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from voicemesh.mesh import VOICE_CONVERSION
from voicemesh.paths import repo_root
from voicemesh.settings import Port, ServiceSettings, settings_config


class VoiceConversionSettings(ServiceSettings):
    model_config = settings_config(VOICE_CONVERSION)

    port: Port = VOICE_CONVERSION.port
    engine: Literal["praat", "rvc"] = "praat"
    profile_dir: Path | None = Field(
        default=None,
        description="where voice profiles are kept; empty: <artifact dir>/voice-profiles",
    )
    # Formant (vocal-tract length) shift applied by the praat engine is clamped to this range:
    # beyond it Praat's resampling trick makes speech sound artificial.
    formant_shift_min: Annotated[float, Field(ge=0.5, le=1.0)] = 0.8
    formant_shift_max: Annotated[float, Field(ge=1.0, le=2.0)] = 1.3
    rvc_model_dir: Path = Field(
        default_factory=lambda: repo_root() / "var" / "rvc-models",
        description="RVC voice models (.pth); a profile's rvc_model_path is relative to it",
    )
    rvc_device: str = Field(default="cuda:0", pattern=r"^(cpu|cuda)(:\d+)?$")
    rvc_python: Path | None = Field(
        default=None,
        description="Python with rvc-python (3.10: its fairseq pin fails on 3.11); empty: "
        "this interpreter",
    )

    def profile_root(self) -> Path:
        return self.profile_dir or self.artifact_dir / "voice-profiles"
