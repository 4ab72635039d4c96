"""Stand-in ``rvc_python.infer.RVCInference``: same methods as rvc-python 0.1.5; ``infer_file``
transposes the pitch by ``f0up_key`` semitones with Praat and writes 40 kHz audio (RVC v2's
usual output rate). Like the real library it prints progress to stdout."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import parselmouth
import soundfile as sf
import soxr
from parselmouth.praat import call


class RVCInference:
    def __init__(self, models_dir: str = "rvc_models", device: str = "cpu:0") -> None:
        self.models_dir, self.device = models_dir, device
        self.params: dict[str, Any] = {"f0up_key": 0, "f0method": "harvest"}
        self.model: str | None = None
        print("stand-in RVC ready")  # the real library is chatty on stdout too

    def load_model(
        self, model_path_or_name: str, version: str = "v2", index_path: str = ""
    ) -> None:
        if not os.path.isfile(model_path_or_name):
            raise ValueError(f"Model file {model_path_or_name} not found")
        self.model = model_path_or_name
        print(f"Model {model_path_or_name} loaded.")

    def set_params(self, **kwargs: Any) -> None:
        self.params.update(kwargs)

    def infer_file(self, input_path: str, output_path: str) -> str:
        samples, rate = sf.read(input_path, dtype="float64")
        sound = parselmouth.Sound(samples, sampling_frequency=rate)
        f0 = sound.to_pitch(pitch_floor=60, pitch_ceiling=600).selected_array["frequency"]
        median = float(np.median(f0[f0 > 0]))
        shifted = call(
            sound,
            "Change gender",
            60,
            600,
            1.0,
            median * 2 ** (self.params["f0up_key"] / 12),
            1.0,
            1.0,
        )
        out = soxr.resample(shifted.values[0], rate, 40_000)
        sf.write(output_path, out.astype(np.float32), 40_000)
        print(f"Processed file saved to {output_path}")
        return output_path
