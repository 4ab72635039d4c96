"""Types shared by several contracts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Score = Annotated[float, Field(ge=0.0, le=100.0, description="0–100, higher is better")]
Seconds = Annotated[float, Field(ge=0.0, description="seconds from the start of the audio")]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
ArtifactId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9_-]{16,64}\.(wav|flac|ogg|mp3|json|TextGrid|bin)$",
        description="artifact id in the shared artifact store",
    ),
]
# The 39 phones of CMUdict's ARPAbet (voicemesh_speech.phones.PHONES), listed so that a
# request with anything else is a 422 before an engine sees it (bench/fuzz.py found "AJR2").
_ARPABET = (
    "AA|AE|AH|AO|AW|AY|EH|ER|EY|IH|IY|OW|OY|UH|UW"
    "|B|CH|D|DH|F|G|HH|JH|K|L|M|N|NG|P|R|S|SH|T|TH|V|W|Y|Z|ZH"
)
ArpabetPhone = Annotated[
    str,
    Field(
        pattern=rf"^(?:{_ARPABET})[012]?$", description="ARPAbet phone, vowels with stress digit"
    ),
]
Stress = Literal[0, 1, 2]


class Contract(BaseModel):
    """Base for every request and response: unknown fields are rejected with a 422."""

    model_config = ConfigDict(extra="forbid")


class EngineInfo(Contract):
    name: str = Field(description="engine id, e.g. faster-whisper, pocketsphinx, fixture")
    model: str = Field(description="model name or path")
    device: str = Field(description="cpu or cuda[:n]")


class AudioArtifact(Contract):
    id: ArtifactId
    format: Literal["wav", "flac", "ogg", "mp3"]
    sample_rate: int = Field(gt=0, description="Hz")
    duration_s: Seconds
    url: str | None = Field(default=None, description="where a browser can fetch it, if served")


class AudioInput(Contract):
    """Audio by reference. Over multipart, a file in field ``audio`` fills ``audio_ref``."""

    audio_ref: ArtifactId | None = Field(
        default=None, description="artifact id of the audio; or upload a file in field `audio`"
    )


class RequiresAudio(AudioInput):
    """A request that cannot be served without audio."""

    @model_validator(mode="after")
    def _has_audio(self) -> RequiresAudio:
        if not self.audio_ref:
            raise ValueError("audio required: upload a file in field `audio` or give `audio_ref`")
        return self
