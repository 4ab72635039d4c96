"""A crafted corpus of hostile uploads and references (50+ cases): every one gets a structured
answer, never a 5xx. Clearly broken input is a 4xx; input that is odd but decodable (a lying
content type, 8-bit PCM, stereo at 48 kHz) may be accepted. Run against asr-service (uploads,
``audio_ref``) and the orchestrator (``GET /artifacts/{id}``) in MOCK_MODE: the upload checks
are the real code, only the engine is the fixture."""

from __future__ import annotations

import importlib
import io
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from fastapi.testclient import TestClient

from voicemesh.errors import ErrorBody
from voicemesh.testing import wait_ready

AUDIO = Path(__file__).resolve().parent / "audio"
SR = 16000


def _wav(samples: np.ndarray, sr: int = SR, subtype: str = "PCM_16", fmt: str = "WAV") -> bytes:
    buf = io.BytesIO()
    sf.write(buf, samples, sr, format=fmt, subtype=subtype)
    return buf.getvalue()


def _tone(seconds: float, sr: int = SR, channels: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    mono = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    return mono if channels == 1 else np.stack([mono] * channels, axis=1)


def _patched(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """``data`` with one WAV header field overwritten (little-endian ``fmt`` at ``offset``)."""
    return data[:offset] + struct.pack(fmt, value) + data[offset + struct.calcsize(fmt) :]


def _float_wav(value: float, dtype: str = "FLOAT") -> bytes:
    samples = _tone(1.0)
    samples[100:200] = value
    buf = io.BytesIO()
    with sf.SoundFile(buf, "w", SR, 1, format="WAV", subtype=dtype) as fh:
        fh.write(samples.astype(np.float64))
    return buf.getvalue()


GOOD = _wav(_tone(1.0))
REAL = (AUDIO / "hello-world.wav").read_bytes()
RNG = np.random.default_rng(762)

# name → (bytes, content type, True: must be a 4xx / False: 200 or a structured 4xx)
UPLOADS: dict[str, tuple[bytes, str, bool]] = {
    "empty": (b"", "audio/wav", True),
    "one byte": (b"R", "audio/wav", True),
    "RIFF magic only": (b"RIFF", "audio/wav", True),
    "RIFF WAVE header only": (GOOD[:12], "audio/wav", True),
    "44-byte header, no data": (GOOD[:44], "audio/wav", True),
    "truncated at 100 bytes": (GOOD[:100], "audio/wav", True),
    "truncated mid-data": (GOOD[: len(GOOD) // 2], "audio/wav", False),
    "sample rate 0": (_patched(GOOD, 24, "<I", 0), "audio/wav", True),
    "sample rate 1 Hz": (_patched(GOOD, 24, "<I", 1), "audio/wav", True),
    "sample rate 4e9 Hz": (_patched(GOOD, 24, "<I", 4_000_000_000), "audio/wav", True),
    "0 channels": (_patched(GOOD, 22, "<H", 0), "audio/wav", True),
    "65535 channels": (_patched(GOOD, 22, "<H", 65535), "audio/wav", True),
    "0 bits per sample": (_patched(GOOD, 34, "<H", 0), "audio/wav", True),
    "7 bits per sample": (_patched(GOOD, 34, "<H", 7), "audio/wav", False),
    "data chunk claims 4 GB": (_patched(GOOD, 40, "<I", 0xFFFFFFFF), "audio/wav", False),
    "fmt chunk size 0": (_patched(GOOD, 16, "<I", 0), "audio/wav", True),
    "RIFF size 0": (_patched(GOOD, 4, "<I", 0), "audio/wav", False),
    "format tag 0x7777": (_patched(GOOD, 20, "<H", 0x7777), "audio/wav", True),
    "float32 with NaN": (_float_wav(float("nan")), "audio/wav", True),
    "float32 with +inf": (_float_wav(float("inf")), "audio/wav", True),
    "float32 with -inf": (_float_wav(float("-inf")), "audio/wav", True),
    "float64 with NaN": (_float_wav(float("nan"), "DOUBLE"), "audio/wav", True),
    "50 ms": (_wav(_tone(0.05)), "audio/wav", True),
    "10 minutes": (_wav(np.zeros(600 * 8000, dtype=np.int16), 8000), "audio/wav", True),
    "61 s": (_wav(_tone(61.0, 8000), 8000), "audio/wav", True),
    "FLAC magic + garbage": (b"fLaC" + RNG.bytes(4000), "audio/flac", True),
    "OggS magic + garbage": (b"OggS" + RNG.bytes(4000), "audio/ogg", True),
    "ID3 magic + garbage": (
        b"ID3\x04\x00\x00\x00\x00\x00\x00" + RNG.bytes(4000),
        "audio/mpeg",
        True,
    ),
    "MPEG frame sync + garbage": (b"\xff\xfb\x90\x64" + RNG.bytes(4000), "audio/mpeg", True),
    "EBML (webm) magic + garbage": (b"\x1a\x45\xdf\xa3" + RNG.bytes(4000), "audio/webm", True),
    "MP4 ftyp + garbage": (b"\x00\x00\x00\x18ftypM4A " + RNG.bytes(4000), "audio/mp4", True),
    "RIFF WAVE + random bytes": (b"RIFF\xff\x00\x00\x00WAVE" + RNG.bytes(4000), "audio/wav", True),
    "PNG as audio/wav": (b"\x89PNG\r\n\x1a\n" + RNG.bytes(2000), "audio/wav", True),
    "JSON as audio/wav": (b'{"audio": "yes"}' * 50, "audio/wav", True),
    "HTML as audio/wav": (b"<html><body>hi</body></html>" * 50, "audio/wav", True),
    "100 KB of zeros": (bytes(100_000), "audio/wav", True),
    "100 KB random": (RNG.bytes(100_000), "audio/wav", True),
    "shell script": (b"#!/bin/sh\nrm -rf /\n" * 20, "audio/wav", True),
    "valid wav as text/plain": (REAL, "text/plain", False),
    "valid wav as image/png": (REAL, "image/png", False),
    "FLAC named .wav": (_wav(_tone(1.0), fmt="FLAC", subtype="PCM_16"), "audio/wav", False),
    "8-bit unsigned": (_wav(_tone(1.0), subtype="PCM_U8"), "audio/wav", False),
    "24-bit": (_wav(_tone(1.0), subtype="PCM_24"), "audio/wav", False),
    "stereo 48 kHz": (_wav(_tone(1.0, 48000, 2), 48000), "audio/wav", False),
    "silence 1 s": (_wav(np.zeros(SR, dtype=np.int16)), "audio/wav", False),
    "full-scale square": (_wav(np.sign(_tone(1.0)).astype(np.float32)), "audio/wav", False),
}
REFS = [
    "../../etc/passwd.wav",
    "..%2F..%2Fetc%2Fpasswd.wav",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd.wav",
    "/etc/passwd",
    "....//....//etc/passwd.wav",
    "..\\..\\windows\\win.ini",
    "a" * 65 + ".wav",
    "abcdefghijklmnopqrstuvwx.wav\x00.txt",
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘ.wav",
    "",
]
ARTIFACT_PATHS = [
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2Fetc%2Fpasswd",
    "..%252F..%252Fetc%252Fpasswd",
    "abcdefghijklmnopqrstuvwx.wav",  # well-formed, never stored (a fixture engine reads no ref)
]


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def _client(package: str, mp: pytest.MonkeyPatch, tmp: Path) -> Iterator[TestClient]:
    mp.setenv("MOCK_MODE", "true")
    mp.setenv("VOICEMESH_ARTIFACT_DIR", str(tmp))
    app = importlib.import_module(f"{package}.main").create_app()
    with TestClient(app, raise_server_exceptions=False) as client:
        wait_ready(client, 10)
        yield client


@pytest.fixture(scope="module")
def asr(
    monkeypatch_module: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    yield from _client("asr_service", monkeypatch_module, tmp_path_factory.mktemp("asr"))


@pytest.fixture(scope="module")
def orchestrator(
    monkeypatch_module: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    yield from _client("orchestrator_service", monkeypatch_module, tmp_path_factory.mktemp("o"))


def _structured(response: object, label: str, *, must_refuse: bool) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500, (label, status, response.text)  # type: ignore[attr-defined]
    if must_refuse:
        assert 400 <= status < 500, (label, status)
    if status >= 400:
        error = ErrorBody.model_validate(response.json()).error  # type: ignore[attr-defined]
        assert error.code and error.message and error.request_id, label


def test_the_corpus_is_large_enough() -> None:
    assert len(UPLOADS) + len(REFS) + len(ARTIFACT_PATHS) >= 40


@pytest.mark.parametrize("label", list(UPLOADS))
def test_crafted_uploads(asr: TestClient, label: str) -> None:
    data, ctype, must_refuse = UPLOADS[label]
    response = asr.post("/process", files={"audio": ("clip.wav", data, ctype)})
    _structured(response, label, must_refuse=must_refuse)


@pytest.mark.parametrize("ref", REFS)
def test_crafted_references(asr: TestClient, ref: str) -> None:
    _structured(asr.post("/process", json={"audio_ref": ref}), ref, must_refuse=True)


@pytest.mark.parametrize("path", ARTIFACT_PATHS)
def test_crafted_artifact_paths(orchestrator: TestClient, path: str) -> None:
    _structured(orchestrator.get(f"/artifacts/{path}"), path, must_refuse=True)


def test_upload_filename_traversal_is_ignored(asr: TestClient, tmp_path: Path) -> None:
    response = asr.post("/process", files={"audio": ("../../../tmp/evil.wav", GOOD, "audio/wav")})
    _structured(response, "filename", must_refuse=False)
    assert not Path("/tmp/evil.wav").exists()
