"""Cleaning a voice sample before it is kept: leading/trailing silence trimmed, level
normalised. The statistics (F0 percentiles over voiced frames, formants) are the
voice-conversion service's; trimming only keeps long silences out of the stored sample."""

from __future__ import annotations

import numpy as np

from voicemesh.audio import Audio
from voicemesh.errors import AudioTooShort

FRAME_S = 0.02
# A frame is speech when within 40 dB of the loudest frame (and above −60 dBFS): the usual
# energy-VAD margin for read speech in quiet rooms (cf. librosa.effects.trim's top_db=60, made
# stricter because a sample should hold speech only).
RELATIVE_DB = 40.0
FLOOR_DBFS = -60.0
PAD_S = 0.1
PEAK = 10 ** (-1.0 / 20)  # normalise the peak to −1 dBFS
MIN_SPEECH_S = 1.0


def clean_sample(audio: Audio) -> Audio:
    """Trim to the first..last speech frame (± 0.1 s) and scale the peak to −1 dBFS.
    Raises AudioTooShort (422) when under 1 s of the recording is speech-loud."""
    hop = max(1, int(FRAME_S * audio.sample_rate))
    n = len(audio.samples) // hop
    if n == 0:
        raise AudioTooShort("the sample holds no audio")
    frames = audio.samples[: n * hop].reshape(n, hop).astype(np.float64)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    db = 20 * np.log10(np.maximum(rms, 1e-10))
    threshold = max(FLOOR_DBFS, float(db.max()) - RELATIVE_DB)
    loud = np.flatnonzero(db > threshold)
    if loud.size == 0 or (loud.size * FRAME_S) < MIN_SPEECH_S:
        raise AudioTooShort(f"a voice sample needs at least {MIN_SPEECH_S:g} s of speech")
    pad = int(PAD_S * audio.sample_rate)
    start = max(0, loud[0] * hop - pad)
    end = min(len(audio.samples), (loud[-1] + 1) * hop + pad)
    trimmed = audio.samples[start:end]
    peak = float(np.max(np.abs(trimmed)))
    scaled = trimmed * (PEAK / peak) if peak > 0 else trimmed
    return Audio(np.asarray(scaled, dtype=np.float32), audio.sample_rate)
