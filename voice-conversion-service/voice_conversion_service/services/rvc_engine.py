"""GPU engine: RVC (Retrieval-based Voice Conversion, RVC-Project WebUI, MIT) through
rvc-python, for learners who bring a voice model trained on their own speech (≥ 10 minutes).

rvc-python pins fairseq 0.12.2, which does not build on Python 3.11, so it lives in its own
Python 3.10 environment (the GPU image's /opt/rvc, named by ``VC_RVC_PYTHON``) and runs in a
worker process (``rvc_worker.py``) that keeps HuBERT, RMVPE and the last voice model loaded.
The profile's ``rvc_model_path`` (relative to ``VC_RVC_MODEL_DIR``) names the model; the model
speech is transposed by the semitones between its F0 median and the learner's, so the output
keeps the learner's pitch. rvc-python downloads its HuBERT and RMVPE weights on first start.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import soundfile as sf

from voice_conversion_service.profile_store import resolve_rvc_model
from voice_conversion_service.services.conversion import (
    ConversionPipeline,
    Converted,
    TargetVoice,
)
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.voice_conversion import (
    VoiceConversionRequest,
    VoiceConversionResponse,
    VoiceStats,
)
from voicemesh.errors import EngineError, EngineNotReady, InvalidRequest

F0_METHOD = "rmvpe"  # RVC's most robust pitch extractor (Wei et al. 2023, RMVPE)
WORKER = Path(__file__).with_name("rvc_worker.py")


class RvcEngine:
    blocking = True
    method: Literal["rvc"] = "rvc"

    def __init__(self, settings: VoiceConversionSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.pipeline = ConversionPipeline(settings, store)
        self.info = EngineInfo(name="rvc", model="rvc-python", device=settings.rvc_device)
        self._worker: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()  # one conversion at a time through the worker's pipes

    def load(self) -> None:
        """Start the worker on ``VC_RVC_PYTHON`` (default: this interpreter) and wait until
        rvc-python is loaded. Raises RuntimeError when it cannot start."""
        python = str(self.settings.rvc_python or sys.executable)
        self._worker = subprocess.Popen(
            [
                python,
                str(WORKER),
                "--device",
                self.settings.rvc_device,
                "--models-dir",
                str(self.settings.rvc_model_dir),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = self._read()
        if not hello.get("ready"):
            raise RuntimeError(f"RVC worker failed to start: {hello.get('error', hello)}")

    def close(self) -> None:
        if self._worker is not None and self._worker.poll() is None:
            self._worker.terminate()
            self._worker.wait(timeout=10)

    def process(self, request: VoiceConversionRequest) -> VoiceConversionResponse:
        return self.pipeline.run(request, self, self.info)

    def convert(self, source: Audio, source_stats: VoiceStats, target: TargetVoice) -> Converted:
        """Raises InvalidRequest (422) when the target has no RVC model (use a profile with
        ``rvc_model_path``) and EngineError (500) when RVC fails on the input."""
        if not target.rvc_model_path:
            raise InvalidRequest(
                "the rvc engine needs a voice profile with rvc_model_path (a trained RVC model)"
            )
        model = resolve_rvc_model(self.settings.rvc_model_dir, target.rvc_model_path)
        semitones = round(12 * math.log2(target.stats.f0_median_hz / source_stats.f0_median_hz))
        with tempfile.TemporaryDirectory() as tmp:
            source_path, output_path = Path(tmp) / "source.wav", Path(tmp) / "converted.wav"
            sf.write(source_path, source.samples, source.sample_rate, subtype="PCM_16")
            reply = self._call(
                {
                    "model": str(model),
                    "input": str(source_path),
                    "output": str(output_path),
                    "semitones": semitones,
                    "f0_method": F0_METHOD,
                }
            )
            if not reply.get("ok"):
                raise EngineError(f"RVC conversion failed: {reply.get('error', reply)}")
            samples, rate = sf.read(output_path, dtype="float32", always_2d=True)
        audio = Audio(np.asarray(samples.mean(axis=1), dtype=np.float32), int(rate))
        return Converted(audio, 2 ** (semitones / 12), 1.0)

    def _call(self, message: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            worker = self._worker
            if worker is None or worker.poll() is not None or worker.stdin is None:
                raise EngineNotReady("the RVC worker is not running")
            worker.stdin.write(json.dumps(message) + "\n")
            worker.stdin.flush()
            return self._read()

    def _read(self) -> dict[str, Any]:
        worker = self._worker
        stdout: IO[str] | None = worker.stdout if worker else None
        line = stdout.readline() if stdout else ""
        if not line:
            raise EngineNotReady("the RVC worker exited")
        reply: dict[str, Any] = json.loads(line)
        return reply
