"""GPU engine: WhisperX — batched faster-whisper over VAD chunks, then wav2vec2 CTC forced
alignment for word times (Bain et al., "WhisperX: Time-Accurate Speech Transcription of
Long-Form Audio", Interspeech 2023; https://github.com/m-bain/whisperX, BSD-2-Clause).

Only imported when ``ASR_ENGINE=whisperx``: WhisperX 3.x pins torch/torchaudio (CUDA builds),
so it lives in the GPU image. The aligner (torchaudio WAV2VEC2_ASR_BASE_960H for English)
downloads on first load unless it is already in the torch/Hugging Face cache.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any

import ctranslate2
import numpy as np
import whisperx

from asr_service.services.faster_whisper_engine import (
    SAMPLING_SEED,
    TEMPERATURES,
    checked_audio_ref,
    token_budget,
)
from asr_service.services.transcript import DecodedSegment, DecodedWord, build_response
from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.contracts.common import EngineInfo
from voicemesh.errors import EngineError, EngineNotReady
from voicemesh_speech.whisper_model import bundled_model_dir

log = logging.getLogger("asr_service.whisperx")

SAMPLE_RATE = 16_000  # whisperx.audio.SAMPLE_RATE; our artifacts are already 16 kHz mono, so
# whisperx.load_audio (an ffmpeg decode of a file path) is not needed.


class WhisperXEngine:
    """Transcribes 16 kHz mono audio on ``ASR_DEVICE`` (default cuda) in batches of
    ``ASR_BATCH_SIZE`` VAD chunks; word times (seconds) come from the wav2vec2 aligner and
    word confidence is the aligner's mean character score (0–1)."""

    blocking = True

    def __init__(self, settings: AsrSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        self.limits = settings.audio_limits()
        self.device = settings.resolved_device("cuda")
        self.compute_type = settings.resolved_compute_type(self.device)
        self.info = EngineInfo(
            name="whisperx", model=settings.model or "whisper-base (bundled)", device=self.device
        )
        self._pipeline: Any = None
        self._aligners: dict[str, tuple[Any, dict[str, Any]]] = {}
        # The pipeline keeps per-call options (prompt, tokenizer) on itself: one call at a time.
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the batched Whisper pipeline and the English aligner, then warm both up."""
        model = self.settings.model or str(bundled_model_dir(self.settings.model_cache))
        device, _, index = self.device.partition(":")
        self._pipeline = whisperx.load_model(
            model,
            device,
            device_index=int(index or 0),
            compute_type=self.compute_type,
            language="en",
            vad_method="silero",
            asr_options={
                "beam_size": self.settings.beam_size,
                "temperatures": list(TEMPERATURES),
                "condition_on_previous_text": False,
                "no_speech_threshold": self.settings.no_speech_threshold,
                "log_prob_threshold": self.settings.logprob_threshold,
            },
            vad_options={"vad_onset": self.settings.vad_threshold},
            local_files_only=not self.settings.allow_download,
            threads=self.settings.threads,
        )
        self._aligner("en")
        noise = np.random.default_rng(0).normal(0.0, 0.01, SAMPLE_RATE).astype(np.float32)
        self._transcribe(noise, "en", None)
        log.info("whisperx loaded", extra={"model": model, "device": self.device})

    def _aligner(self, language: str) -> tuple[Any, dict[str, Any]]:
        if language not in self._aligners:
            device = self.device.partition(":")[0]
            self._aligners[language] = whisperx.load_align_model(
                language_code=language, device=device, model_name=self.settings.align_model
            )
        return self._aligners[language]

    def _transcribe(self, samples: Any, language: str, prompt: str | None) -> dict[str, Any]:
        if self._pipeline is None:
            raise EngineNotReady("whisperx pipeline not loaded")
        duration_s = len(samples) / SAMPLE_RATE
        with self._lock:
            self._pipeline.options = dataclasses.replace(
                self._pipeline.options,
                initial_prompt=prompt,
                max_new_tokens=token_budget(duration_s),
            )
            # WhisperX decodes with faster-whisper's CTranslate2 model: seeded as that engine is,
            # so the temperature fallback samples the same way for the same audio
            ctranslate2.set_random_seed(SAMPLING_SEED)
            result: dict[str, Any] = self._pipeline.transcribe(
                samples, batch_size=self.settings.batch_size, language=language
            )
            if not result.get("segments"):
                return {"segments": [], "language": language}
            model, metadata = self._aligner(language)
            aligned: dict[str, Any] = whisperx.align(
                result["segments"],
                model,
                metadata,
                samples,
                self.device.partition(":")[0],
                return_char_alignments=False,
            )
        aligned.setdefault("language", result.get("language", language))
        return aligned

    def process(self, request: AsrRequest) -> AsrResponse:
        """Transcribe the artifact ``request.audio_ref``; errors as FasterWhisperEngine.process
        (4xx for bad audio or an unknown language, ``EngineError`` 500 when WhisperX fails)."""
        audio = self.store.load_audio(checked_audio_ref(request), self.limits)
        try:
            result = self._transcribe(audio.samples, request.language, request.initial_prompt)
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"whisperx failed: {exc}") from exc
        segments = [
            DecodedSegment(
                words=[
                    DecodedWord(
                        text=str(word.get("word", "")),
                        start=word.get("start"),
                        end=word.get("end"),
                        probability=word.get("score"),
                    )
                    for word in segment.get("words", [])
                ],
                # WhisperX's batched decoder reports no no-speech probability; its VAD
                # (Silero) already removed non-speech before decoding.
                no_speech_prob=None,
                avg_logprob=segment.get("avg_logprob"),
            )
            for segment in result["segments"]
        ]
        return build_response(
            segments,
            duration_s=audio.duration_s,
            language=str(result.get("language") or request.language),
            engine=self.info,
            no_speech_threshold=self.settings.no_speech_threshold,
            logprob_threshold=self.settings.hallucination_logprob_threshold,
        )
