from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voicemesh.audio import Audio, AudioLimits, as_stored_wav, decode_audio, encode_audio
from voicemesh.errors import AudioDecodeError, AudioTooLong, AudioTooShort, PayloadTooLarge

CLIP = Path(__file__).resolve().parents[3] / "tests" / "audio" / "hello-world.wav"


def _tone(sr: int, seconds: float, channels: int = 1) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    mono = 0.3 * np.sin(2 * np.pi * 220 * t)
    return np.stack([mono] * channels, axis=1) if channels > 1 else mono


@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "mp3"])
def test_round_trip_every_output_format(fmt: str) -> None:
    audio = Audio(_tone(16000, 1.0).astype(np.float32), 16000)
    decoded = decode_audio(encode_audio(audio, fmt))
    assert decoded.sample_rate == 16000
    assert abs(decoded.duration_s - 1.0) < 0.08  # mp3/ogg pad a few frames
    assert decoded.rms_dbfs() > -20


def test_stereo_44k_is_mixed_down_and_resampled() -> None:
    buf = io.BytesIO()
    sf.write(buf, _tone(44100, 0.5, channels=2), 44100, format="WAV")
    audio = decode_audio(buf.getvalue())
    assert audio.sample_rate == 16000 and audio.samples.ndim == 1
    assert abs(audio.duration_s - 0.5) < 0.002


def test_webm_falls_back_to_ffmpeg(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed")
    out = tmp_path / "clip.webm"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(CLIP), "-c:a", "libopus", str(out)], check=True
    )
    audio = decode_audio(out.read_bytes())
    assert abs(audio.duration_s - sf.info(str(CLIP)).duration) < 0.05


@pytest.mark.parametrize(
    ("data", "limits", "error"),
    [
        (b"", AudioLimits(), AudioDecodeError),
        (b"RIFF\x00\x00\x00\x00WAVEjunk", AudioLimits(), AudioDecodeError),
        (CLIP.read_bytes()[:60], AudioLimits(), AudioDecodeError),
        (CLIP.read_bytes(), AudioLimits(max_bytes=1000), PayloadTooLarge),
        (CLIP.read_bytes(), AudioLimits(max_duration_s=0.5), AudioTooLong),
        (CLIP.read_bytes(), AudioLimits(min_duration_s=2.0), AudioTooShort),
    ],
)
def test_invalid_audio_raises_the_specific_error(
    data: bytes, limits: AudioLimits, error: type[Exception]
) -> None:
    with pytest.raises(error):
        decode_audio(data, limits)
    with pytest.raises(error):
        as_stored_wav(data, limits)


def _samples(data: bytes) -> tuple[np.ndarray, int]:
    samples, sr = sf.read(io.BytesIO(data), dtype="int16")
    return samples, sr


def test_a_16k_mono_pcm16_wav_is_stored_as_uploaded() -> None:
    data = CLIP.read_bytes()
    assert as_stored_wav(data) is data
    round_trip = encode_audio(decode_audio(data), "wav")  # what any other upload goes through
    assert np.array_equal(_samples(data)[0], _samples(round_trip)[0])


@pytest.mark.parametrize(
    ("sr", "channels", "subtype"),
    [(44100, 2, "PCM_16"), (16000, 2, "PCM_16"), (16000, 1, "FLOAT"), (16000, 1, "PCM_24")],
)
def test_other_wavs_are_converted_to_16k_mono_pcm16(sr: int, channels: int, subtype: str) -> None:
    buf = io.BytesIO()
    sf.write(buf, _tone(sr, 0.5, channels), sr, format="WAV", subtype=subtype)
    stored = as_stored_wav(buf.getvalue())
    info = sf.info(io.BytesIO(stored))
    assert (info.samplerate, info.channels, info.subtype) == (16000, 1, "PCM_16")
    assert abs(info.duration - 0.5) < 0.002


def test_a_streaming_wav_header_is_rewritten_with_the_real_size() -> None:
    data = bytearray(CLIP.read_bytes())
    at = data.find(b"data", 12)
    data[at + 4 : at + 8] = (0xFFFFFFFF).to_bytes(4, "little")
    stored = as_stored_wav(bytes(data))
    declared = int.from_bytes(stored[stored.find(b"data", 12) + 4 :][:4], "little")
    assert declared == sf.info(str(CLIP)).frames * 2
    assert np.array_equal(_samples(stored)[0], _samples(CLIP.read_bytes())[0])
