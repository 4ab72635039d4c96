"""tts-service benchmark: latency (p50/p95) and real-time factor of the Piper engine for a
10-word sentence, engine only (no HTTP), with the deployment default of 1 thread.

Run: ``.venv/bin/python bench/tts.py [--runs 20] [--threads 1]``. Target: p50 ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from tts_service.services.piper_engine import PiperEngine
from tts_service.settings import TtsSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.tts import TtsRequest

SENTENCE = "Please call Stella and ask her to bring these things today."  # 10 words
TARGET_P50_S = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = TtsSettings(artifact_dir=Path(tmp), threads=args.threads, mock_mode=False)
        engine = PiperEngine(settings, ArtifactStore(Path(tmp)))
        started = time.perf_counter()
        engine.load()
        load_s = time.perf_counter() - started
        latencies, cpu, audio_s = [], [], []
        for _ in range(args.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = engine.process(TtsRequest(text=SENTENCE))
            latencies.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            audio_s.append(response.audio.duration_s)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    result = {
        "engine": "piper en_US-joe-medium",
        "threads": args.threads,
        "runs": args.runs,
        "load_s": round(load_s, 2),
        "audio_s_mean": round(statistics.mean(audio_s), 2),
        "latency_p50_s": round(p50, 3),
        "latency_p95_s": round(p95, 3),
        "rtf": round(sum(latencies) / sum(audio_s), 3),
        # CPU seconds per request: what the latency would be on an idle core, a check on
        # wall-clock numbers taken while other processes compete for the cores.
        "cpu_s_p50": round(statistics.median(cpu), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "target_p50_s": TARGET_P50_S,
        "meets_target": p50 <= TARGET_P50_S,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
