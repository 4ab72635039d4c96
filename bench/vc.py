"""voice-conversion-service benchmark: latency (p50/p95) and real-time factor of the praat
engine converting a Piper rendering of a 10-word sentence into a learner's voice (the learner
clip measured on every request, as with ``reference``), engine only, no HTTP.

Run: ``.venv/bin/python bench/vc.py [--runs 20]``. Target: p50 ≤ 0.3 s.
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
from voice_conversion_service.services.praat_engine import PraatEngine
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.tts import TtsRequest
from voicemesh.contracts.voice_conversion import VoiceConversionRequest
from voicemesh.paths import repo_root

SENTENCE = "Please call Stella and ask her to bring these things today."  # 10 words
LEARNER = "tests/audio/adult-female-so-you-want-to-be-more-productive.wav"
TARGET_P50_S = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = ArtifactStore(Path(tmp))
        tts = PiperEngine(TtsSettings(artifact_dir=Path(tmp), mock_mode=False), store)
        tts.load()
        source = tts.process(TtsRequest(text=SENTENCE)).audio
        reference = store.put((repo_root() / LEARNER).read_bytes(), "wav")
        engine = PraatEngine(
            VoiceConversionSettings(artifact_dir=Path(tmp), mock_mode=False), store
        )
        engine.load()
        request = VoiceConversionRequest(audio_ref=source.id, reference_ref=reference)
        latencies, cpu = [], []
        for _ in range(args.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            engine.process(request)
            latencies.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    result = {
        "engine": "praat change-gender",
        "runs": args.runs,
        "source_audio_s": source.duration_s,
        "latency_p50_s": round(p50, 3),
        "latency_p95_s": round(p95, 3),
        "rtf": round(p50 / source.duration_s, 3),
        # CPU seconds per request: the latency on an idle core (a check on wall-clock numbers
        # taken while other processes compete for the cores).
        "cpu_s_p50": round(statistics.median(cpu), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "target_p50_s": TARGET_P50_S,
        "meets_target": p50 <= TARGET_P50_S,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
