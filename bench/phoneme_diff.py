"""Latency of the phoneme diff (alignment excluded) and of alignment + diff on the test clips.

    .venv/bin/python bench/phoneme_diff.py [--repeat 10]

Prints, per clip: duration, alignment time, diff wall and CPU time (medians of --repeat
runs; CPU time is less disturbed by other processes). The diff's
budget is ≈ 0.2 s for a 4 s clip on one core (alignment ≈ 0.5 s). Numbers depend on machine
load: run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
from alignment_service.settings import AlignmentSettings
from phoneme_diff_service.assessor import Assessor
from phoneme_diff_service.lexical import dictionary_pronunciations as pronounce
from phoneme_diff_service.models import Models
from phoneme_diff_service.settings import MODELS_DIR, PhonemeDiffSettings
from phoneme_diff_service.whisper_features import WhisperEncoder
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import decode_audio
from voicemesh.contracts.alignment import AlignmentWordIn
from voicemesh.contracts.common import EngineInfo

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    settings = AlignmentSettings(threads=1)
    aligner = PocketSphinxEngine(settings, ArtifactStore(settings.artifact_dir))
    aligner.load()
    assessor = Assessor(
        Models.load(MODELS_DIR), WhisperEncoder.bundled(PhonemeDiffSettings().model_cache)
    )
    info = EngineInfo(name="gop-prosody", model="bench", device="cpu")
    clips = json.loads((ROOT / "tests/audio/clips.json").read_text())
    print(f"{'clip':60s} {'dur s':>6s} {'align s':>8s} {'diff s':>7s} {'cpu s':>7s}")
    for name, meta in clips.items():
        audio = decode_audio((ROOT / "tests/audio" / name).read_bytes())
        words = pronounce(meta["text"])
        started = time.perf_counter()
        alignment = aligner.align(
            audio, [AlignmentWordIn(text=w.text, phones=w.phones) for w in words]
        )
        align_s = time.perf_counter() - started
        times, cpu = [], []
        for _ in range(args.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            assessor.assess(words, alignment, audio, info)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        print(
            f"{name:60s} {audio.duration_s:6.2f} {align_s:8.3f} "
            f"{statistics.median(times):7.3f} {statistics.median(cpu):7.3f}"
        )


if __name__ == "__main__":
    main()
