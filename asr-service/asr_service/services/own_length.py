"""Whisper's encoder on the clip's own length instead of the padded 30 s window.

faster-whisper (``WhisperModel.generate_segments``) pads every window's log-mel features to
Whisper's 3000 frames (30 s) with zeros (``faster_whisper.audio.pad_or_trim``) before the
encoder runs, so a 4 s clip costs the encoder as much as a 30 s one. CTranslate2's Whisper
encoder accepts shorter inputs (the positional embeddings are sliced to the input length), the
way whisper.cpp's ``audio_ctx`` option and phoneme-diff-service's ``WhisperEncoder`` use it.
:class:`OwnLengthWhisperModel` drops that zero padding at the encoder, keeping ``encode_pad_s``
seconds of it and at least ``encode_min_s`` seconds in all: decoding, the temperature
fallback, the no-speech probability and the word timestamps (cross-attention alignment over
the content frames) are faster-whisper's own. Some padding must stay: Whisper was trained on
speech followed by padding, and without it Whisper base repeats the sentence (measured in
asr-service/README.md).

A log-mel frame of real audio is never all zeros: faster-whisper's features are
``(max(log10 mel, max − 8) + 4) / 4``, zero only where every one of the 80 bands is exactly
1e-4, so the trailing all-zero frames are exactly the padding.
"""

from __future__ import annotations

from typing import Any

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel

MEL_FRAMES_PER_S = 100  # one log-mel frame per 10 ms
ENCODER_STRIDE = 2  # the encoder's second convolution halves the frame rate


def content_frames(features: np.ndarray) -> int:
    """Frames of ``features`` (…, 80, T) before the trailing all-zero padding (0 if all zero)."""
    columns = np.any(features.reshape(-1, features.shape[-1]) != 0, axis=0)
    nonzero = np.flatnonzero(columns)
    return int(nonzero[-1]) + 1 if nonzero.size else 0


def trimmed_window(features: np.ndarray, pad_s: float, min_s: float = 0.0) -> np.ndarray:
    """``features`` cut to its content plus ``pad_s`` s of the zero padding and to at least
    ``min_s`` s in all, an even number of frames (the encoder's stride), at least 2 and at most
    the input's length."""
    keep = content_frames(features) + round(pad_s * MEL_FRAMES_PER_S)
    keep = max(keep, round(min_s * MEL_FRAMES_PER_S))
    keep += keep % ENCODER_STRIDE
    keep = min(max(keep, ENCODER_STRIDE), features.shape[-1])
    return np.ascontiguousarray(features[..., :keep])


class OwnLengthWhisperModel(WhisperModel):
    """faster-whisper's ``WhisperModel`` whose encoder sees each window's own frames plus
    ``encode_pad_s`` seconds of padding (30: the full padded window, as upstream)."""

    def __init__(
        self,
        *args: Any,
        encode_pad_s: float = 30.0,
        encode_min_s: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.encode_pad_s = encode_pad_s
        self.encode_min_s = encode_min_s

    def encode(self, features: np.ndarray) -> ctranslate2.StorageView:
        return super().encode(trimmed_window(features, self.encode_pad_s, self.encode_min_s))
