"""Embedded default engine: faster-whisper (CTranslate2) with Whisper base on CPU, int8.

Whisper: Radford et al., "Robust Speech Recognition via Large-Scale Weak Supervision" (2022).
faster-whisper: https://github.com/SYSTRAN/faster-whisper (MIT). Its Silero VAD ONNX model
ships inside the wheel, so ``vad_filter`` works offline without torch.
"""

from __future__ import annotations

import logging
import math

import ctranslate2
import numpy as np
from faster_whisper.tokenizer import _LANGUAGE_CODES
from faster_whisper.vad import VadOptions
from threadpoolctl import threadpool_limits

from asr_service.services.own_length import OwnLengthWhisperModel
from asr_service.services.transcript import DecodedSegment, DecodedWord, build_response
from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.contracts.common import EngineInfo
from voicemesh.errors import EngineError, EngineNotReady, InvalidRequest
from voicemesh_speech.whisper_model import bundled_model_dir

log = logging.getLogger("asr_service.faster_whisper")

BUNDLED_MODEL_LABEL = "whisper-base (bundled)"
# Whisper's default temperature fallback: re-decode with sampling when the greedy/beam output
# is repetitive (compression ratio > 2.4) or unsure (avg_logprob < -1).
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
BEST_OF = 5  # samples per fallback temperature (Whisper's default)
# CTranslate2's sampling seed, set before each request so that a fallback decode, and so the
# transcript, is the same for the same audio (process-wide: requests decoded at the same time
# share the generator). Unseeded, the 0.8 s hello-world test clip with its prompt came out as
# three different transcripts in six runs (its beam output loops, so every request samples).
SAMPLING_SEED = 0
# Decoder budget per 30 s window: fast read speech is ≈ 4 words/s ≈ 6 tokens/s; 10 tokens/s
# plus a margin leaves room for punctuation and timestamp tokens while stopping runaway
# repetition loops early. 220 keeps prompt (≤ 224 tokens) + budget under Whisper's 448.
TOKENS_PER_SECOND = 10
TOKEN_MARGIN = 24
MAX_NEW_TOKENS = 220
WHISPER_WINDOW_S = 30.0
WARMUP_S = 1.0


def token_budget(duration_s: float) -> int:
    """max_new_tokens for audio of ``duration_s`` seconds (per 30 s decoding window)."""
    window = min(duration_s, WHISPER_WINDOW_S)
    return min(MAX_NEW_TOKENS, math.ceil(window * TOKENS_PER_SECOND) + TOKEN_MARGIN)


def checked_audio_ref(request: AsrRequest) -> str:
    """The request's audio artifact id, after checking its language is one Whisper knows
    (``InvalidRequest``, 422, otherwise)."""
    if request.language not in _LANGUAGE_CODES:
        raise InvalidRequest(f"language {request.language!r} is not a Whisper language code")
    if request.audio_ref is None:  # RequiresAudio rejects this before; kept for direct callers
        raise InvalidRequest("audio required: give `audio_ref`")
    return request.audio_ref


class FasterWhisperEngine:
    """Transcribes 16 kHz mono audio with word timestamps (seconds) and word probabilities."""

    blocking = True

    def __init__(self, settings: AsrSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        self.limits = settings.audio_limits()
        self.device = settings.resolved_device("cpu")
        self.compute_type = settings.resolved_compute_type(self.device)
        self.info = EngineInfo(
            name="faster-whisper",
            model=settings.model or BUNDLED_MODEL_LABEL,
            device=self.device,
        )
        self._model: OwnLengthWhisperModel | None = None

    def load(self) -> None:
        """Load the model once (reassembling the bundled one on first use) and warm it up.
        Holds numpy's BLAS (faster-whisper's log-mel filterbank; a thread per core by default,
        whose idle threads spin) to ``ASR_THREADS`` for the whole process."""
        threadpool_limits(limits=self.settings.threads, user_api="blas")
        model_path = self.settings.model or str(bundled_model_dir(self.settings.model_cache))
        device, _, index = self.device.partition(":")
        self._model = OwnLengthWhisperModel(
            model_path,
            encode_pad_s=self.settings.encode_pad_s,
            encode_min_s=self.settings.encode_min_s,
            device=device,
            device_index=int(index or 0),
            compute_type=self.compute_type,
            cpu_threads=self.settings.threads,
            num_workers=1,
            local_files_only=not self.settings.allow_download,
        )
        # Low noise, not silence, and no VAD: the encoder and the decoder both run once.
        noise = np.random.default_rng(0).normal(0.0, 0.01, int(WARMUP_S * 16_000))
        segments, _ = self._model.transcribe(
            noise.astype(np.float32),
            language="en",
            beam_size=self.settings.beam_size,
            word_timestamps=True,
            vad_filter=False,
            max_new_tokens=8,
        )
        list(segments)
        log.info(
            "faster-whisper loaded", extra={"model": model_path, "threads": self.settings.threads}
        )

    @property
    def model(self) -> OwnLengthWhisperModel:
        if self._model is None:
            raise EngineNotReady("faster-whisper model not loaded")
        return self._model

    def process(self, request: AsrRequest) -> AsrResponse:
        """Transcribe the audio artifact ``request.audio_ref``.

        Raises the audio errors of :func:`voicemesh.audio.decode_audio` (4xx) for an
        undecodable, too long or too short artifact, ``InvalidRequest`` (422) for a language
        Whisper does not know, ``EngineError`` (500) when decoding itself fails.
        """
        audio = self.store.load_audio(checked_audio_ref(request), self.limits)
        settings = self.settings
        try:
            ctranslate2.set_random_seed(SAMPLING_SEED)
            segments, info = self.model.transcribe(
                audio.samples,
                language=request.language,
                initial_prompt=request.initial_prompt or None,
                beam_size=settings.beam_size,
                best_of=BEST_OF,
                temperature=list(TEMPERATURES),
                condition_on_previous_text=False,
                word_timestamps=True,
                vad_filter=True,
                vad_parameters=VadOptions(threshold=settings.vad_threshold),
                no_speech_threshold=settings.no_speech_threshold,
                log_prob_threshold=settings.logprob_threshold,
                max_new_tokens=token_budget(audio.duration_s),
            )
            decoded = [
                DecodedSegment(
                    words=[
                        DecodedWord(w.word, float(w.start), float(w.end), float(w.probability))
                        for w in segment.words or []
                    ],
                    no_speech_prob=segment.no_speech_prob,
                    avg_logprob=segment.avg_logprob,
                )
                for segment in segments
            ]
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"faster-whisper failed: {exc}") from exc
        return build_response(
            decoded,
            duration_s=audio.duration_s,
            language=info.language,
            engine=self.info,
            no_speech_threshold=settings.no_speech_threshold,
            logprob_threshold=settings.hallucination_logprob_threshold,
        )
