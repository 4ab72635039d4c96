"""A speaker's pitch and vocal-tract length, measured with Praat (praat-parselmouth).

F0: Praat's autocorrelation pitch (Boersma 1993) in two passes (De Looze & Hirst 2008): a wide
first pass (50–700 Hz) gives the quartiles q1, q3, and the second pass runs between 0.75·q1
and 1.5·q3, which removes most octave errors. The median and the 10th/90th percentiles of the
voiced frames (every 10 ms) describe the voice.

Vocal-tract length: Praat's Burg formant tracker (ceiling 5500 Hz, Praat's recommended value for
mixed voices) at the voiced frames; the formant spacing ΔF is the least-squares fit of the
median F1–F4 to a uniform tube closed at one end, Fi = (2i − 1)·ΔF/2 (Reby & McComb 2003,
"Anatomical constraints generate honesty", Anim. Behav. 65). A 17.5 cm adult male tract has
ΔF = c/2L = 1000 Hz (c = 350 m/s), so ``formant_ratio = ΔF / 1000 Hz``: ≈ 1.0 for adult men,
≈ 1.15–1.2 for women, higher for children (the fixed ceiling underestimates children).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import parselmouth
from parselmouth.praat import call

from voicemesh.audio import Audio
from voicemesh.contracts.voice_conversion import VoiceStats
from voicemesh.errors import InvalidRequest

TIME_STEP_S = 0.01
FIRST_PASS_FLOOR_HZ, FIRST_PASS_CEILING_HZ = 50.0, 700.0
FORMANT_CEILING_HZ = 5500.0
REFERENCE_FORMANT_SPACING_HZ = 1000.0  # uniform 17.5 cm tube, c = 350 m/s
MIN_VOICED_S = 0.3
_TUBE_WEIGHTS = np.array([0.5, 1.5, 2.5, 3.5])  # (2i − 1) / 2 for F1..F4


class NoVoicedSpeech(InvalidRequest):
    """The recording holds too little voiced speech to measure a voice (422)."""

    code = "no_voiced_speech"


@dataclass(frozen=True)
class VoicedFrames:
    """Per voiced 10 ms frame: F0 (Hz) and F1–F4 (Hz, NaN where Praat found none)."""

    f0_hz: np.ndarray  # (n,)
    formants_hz: np.ndarray  # (n, 4)


def to_sound(audio: Audio) -> parselmouth.Sound:
    return parselmouth.Sound(audio.samples.astype(np.float64), sampling_frequency=audio.sample_rate)


def pitch_range(sound: parselmouth.Sound) -> tuple[float, float] | None:
    """Second-pass pitch floor and ceiling (Hz) from a wide first pass; None if unvoiced."""
    first = sound.to_pitch(
        time_step=TIME_STEP_S, pitch_floor=FIRST_PASS_FLOOR_HZ, pitch_ceiling=FIRST_PASS_CEILING_HZ
    )
    f0 = first.selected_array["frequency"]
    f0 = f0[f0 > 0]
    if f0.size < 3:
        return None
    q1, q3 = np.percentile(f0, [25, 75])
    return max(40.0, 0.75 * float(q1)), min(1000.0, 1.5 * float(q3))


def voiced_frames(sound: parselmouth.Sound) -> VoicedFrames:
    """F0 and formants of the voiced frames of ``sound`` (empty arrays when unvoiced)."""
    bounds = pitch_range(sound)
    if bounds is None:
        return VoicedFrames(np.zeros(0), np.zeros((0, 4)))
    pitch = sound.to_pitch(time_step=TIME_STEP_S, pitch_floor=bounds[0], pitch_ceiling=bounds[1])
    f0 = pitch.selected_array["frequency"]
    voiced = f0 > 0
    times = pitch.xs()[voiced]
    formant = sound.to_formant_burg(
        time_step=TIME_STEP_S, max_number_of_formants=5, maximum_formant=FORMANT_CEILING_HZ
    )
    frame_times = formant.xs()
    step = frame_times[1] - frame_times[0] if len(frame_times) > 1 else TIME_STEP_S
    index = np.clip(np.round((times - frame_times[0]) / step).astype(int), 0, len(frame_times) - 1)
    tracks = [call(formant, "To Matrix", k).values[0][index] for k in (1, 2, 3, 4)]
    formants = np.stack(tracks, axis=1) if times.size else np.zeros((0, 4))
    formants[formants <= 0] = np.nan
    return VoicedFrames(f0[voiced], formants)


def formant_spacing(formants_hz: np.ndarray) -> float:
    """ΔF (Hz): least-squares fit of median F1–F4 to Fi = (2i − 1)·ΔF/2, over the formants
    that were found. NaN when fewer than two were."""
    medians = np.array(
        [np.nanmedian(col) if np.isfinite(col).any() else np.nan for col in formants_hz.T]
    )
    found = np.isfinite(medians)
    if found.sum() < 2:
        return float("nan")
    weights = _TUBE_WEIGHTS[found]
    return float((medians[found] * weights).sum() / (weights * weights).sum())


def measure_voice(recordings: Sequence[Audio]) -> VoiceStats:
    """Pitch and vocal-tract stats of one speaker from one or more recordings.

    Returns F0 median/p10/p90 in Hz, ``formant_ratio`` (vs a 17.5 cm adult male tract) and the
    voiced seconds used. Raises NoVoicedSpeech (422) with under 0.3 s of voiced speech.
    """
    frames = [voiced_frames(to_sound(audio)) for audio in recordings]
    f0 = np.concatenate([f.f0_hz for f in frames])
    voiced_s = f0.size * TIME_STEP_S
    if voiced_s < MIN_VOICED_S:
        raise NoVoicedSpeech(
            f"found {voiced_s:.2f} s of voiced speech; at least {MIN_VOICED_S} s is needed "
            "to measure a voice (is the recording silent or only noise?)"
        )
    spacing = formant_spacing(np.concatenate([f.formants_hz for f in frames]))
    ratio = spacing / REFERENCE_FORMANT_SPACING_HZ if np.isfinite(spacing) else 1.0
    p10, median, p90 = np.percentile(f0, [10, 50, 90])
    return VoiceStats(
        f0_median_hz=round(float(median), 1),
        f0_p10_hz=round(float(p10), 1),
        f0_p90_hz=round(float(p90), 1),
        formant_ratio=round(float(ratio), 3),
        speech_s=round(voiced_s, 2),
    )
