"""Every layer of a Whisper encoder, for the intermediate-layer experiment (issue #19).

CTranslate2 returns only the encoder's last layer, so this runs the same weights in numpy:
the model.bin of a CTranslate2 Whisper conversion is read directly (its binary layout, version
6: a header, then each variable as name, shape, dtype and raw data, then aliases; CTranslate2's
``src/models/model.cc``), and the encoder of Radford et al. 2022 is applied as published: two
1-D convolutions (kernel 3, the second with stride 2) with GELU, sinusoidal positions, then
pre-LayerNorm transformer blocks (self-attention, GELU MLP), and a final LayerNorm. On the
float16 weights of Whisper base its last-layer frames correlate 0.9975 per frame with
CTranslate2's int8 output (0.9995 after pooling per phone). It is about 3× slower than
CTranslate2 (0.3 s for a 3 s clip, one thread), so it is for training experiments only.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from scipy.special import erf

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2(path: Path) -> dict[str, np.ndarray]:
    """The variables of a CTranslate2 model.bin (aliases resolved). Raises ValueError for a
    bfloat16 variable or an unknown binary version."""
    raw = path.read_bytes()
    offset = 0

    def take(fmt: str) -> tuple[int, ...]:
        nonlocal offset
        values = struct.unpack_from(fmt, raw, offset)
        offset += struct.calcsize(fmt)
        return values

    def text() -> str:
        nonlocal offset
        (length,) = take("<H")
        value = raw[offset : offset + length - 1].decode()
        offset += length
        return value

    (version,) = take("<I")
    if version < 5:
        raise ValueError(f"CTranslate2 binary version {version} is not supported")
    text()  # spec name, e.g. WhisperSpec
    take("<I")  # spec revision
    (count,) = take("<I")
    out: dict[str, np.ndarray] = {}
    for _ in range(count):
        name = text()
        (rank,) = take("<B")
        shape = take("<" + "I" * rank)
        type_id, size = take("<BI")
        if type_id not in _DTYPES:
            raise ValueError(f"{name}: unsupported CTranslate2 type {type_id}")
        dtype = np.dtype(_DTYPES[type_id])
        out[name] = np.frombuffer(raw, dtype, size // dtype.itemsize, offset).reshape(shape)
        offset += size
    (aliases,) = take("<I")
    for _ in range(aliases):
        alias, target = text(), text()
        out[alias] = out[target]
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-5) * gamma + beta


def _conv(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: int) -> np.ndarray:
    """Kernel-3 convolution with padding 1: x (C, T), weight (O, C, 3) → (O, T')."""
    padded = np.pad(x, ((0, 0), (1, 1)))
    steps = (padded.shape[1] - 3) // stride + 1
    taps = np.stack([padded[:, k : k + stride * (steps - 1) + 1 : stride] for k in range(3)], -1)
    return np.einsum("ctk,ock->ot", taps, weight, optimize=True) + bias[:, None]


class NumpyWhisperEncoder:
    """The encoder of a CTranslate2 Whisper model.bin, every layer's output."""

    def __init__(self, model_bin: Path) -> None:
        weights = read_ct2(model_bin)
        self.heads = int(weights["encoder/num_heads"])
        self.w = {k: v.astype(np.float32) for k, v in weights.items() if k.startswith("encoder/")}
        blocks = {k.split("/")[1] for k in self.w}
        self.n_layers = sum(1 for b in blocks if b.startswith("layer_") and b[6:].isdigit())

    def layers(self, mel: np.ndarray) -> list[np.ndarray]:
        """``mel`` (80, T) log-mel (faster-whisper's FeatureExtractor, T even, ≤ 3000) →
        n_layers + 1 arrays (T/2, d): each block's output, then the final LayerNorm's."""
        w = self.w
        x = _gelu(_conv(mel, w["encoder/conv1/weight"], w["encoder/conv1/bias"], 1))
        x = _gelu(_conv(x, w["encoder/conv2/weight"], w["encoder/conv2/bias"], 2)).T
        x = x + w["encoder/position_encodings/encodings"][: len(x)]
        out = []
        for i in range(self.n_layers):
            x = x + self._attention(x, f"encoder/layer_{i}/self_attention/")
            p = f"encoder/layer_{i}/ffn/"
            h = _layer_norm(x, w[p + "layer_norm/gamma"], w[p + "layer_norm/beta"])
            h = _gelu(h @ w[p + "linear_0/weight"].T + w[p + "linear_0/bias"])
            x = x + h @ w[p + "linear_1/weight"].T + w[p + "linear_1/bias"]
            out.append(x)
        out.append(_layer_norm(x, w["encoder/layer_norm/gamma"], w["encoder/layer_norm/beta"]))
        return out

    def _attention(self, x: np.ndarray, p: str) -> np.ndarray:
        w = self.w
        h = _layer_norm(x, w[p + "layer_norm/gamma"], w[p + "layer_norm/beta"])
        qkv = h @ w[p + "linear_0/weight"].T + w[p + "linear_0/bias"]  # fused q, k, v
        frames, dim = x.shape
        d = dim // self.heads
        q, k, v = (
            a.reshape(frames, self.heads, d).transpose(1, 0, 2) for a in np.split(qkv, 3, -1)
        )
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = (scores @ v).transpose(1, 0, 2).reshape(frames, dim)
        return attended @ w[p + "linear_1/weight"].T + w[p + "linear_1/bias"]  # type: ignore[no-any-return]
