"""phoneme-map micro-benchmark: engine load, sentence mapping latency and search latency.

Runs the cmudict engine in-process on one thread, as the service's worker does. Sentences:
speechocean762's texts when ``../shared/data/speechocean762-train`` is there (CC BY 4.0,
Zhang et al., Interspeech 2021), else a built-in list; plus sentences with numbers,
abbreviations and words outside CMUdict (first call of each such word runs g2p-en; later calls
hit its cache, so "cold" and "warm" are both reported). Search: a fixed set of pattern, stress
and minimal-pair queries over the whole dictionary, each repeated. Times in milliseconds:
wall time, and CPU time of this process (one thread), which a busy machine disturbs less.

    .venv/bin/python bench/phoneme_map.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from phoneme_map_service.services.cmudict_engine import CmudictEngine
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_map import PatternSearchRequest, PhonemeMapRequest

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "speechocean762-train"
BUILT_IN = [
    "SO YOU WANT TO BE MORE PRODUCTIVE",
    "BUT AGAIN HE HAS MADE A VERY CLEAR STATEMENT",
    "MANDY HAS A BIG ARM",
    "IT WAS A SUFFICIENT ANSWER",
]
RICH = [
    "Dr. Smith paid $25.50 on the 3rd of May, 1999 — it's well-known.",
    "Ngozi and Xiaoming met Siobhan at 10:30 to discuss blorptastic zorblaxes.",
    "The 21st-century photographer's photographs weren't photography, e.g. selfies.",
]
QUERIES: list[dict[str, object]] = [
    {"pattern": "TH *"},
    {"pattern": "* IH1 NG K"},
    {"pattern": ". 1 . ."},
    {"stress": "1 0 2"},
    {"pattern": "@STOP @V1 @NASAL *"},
    {"pattern": "* @V1 * @V1 *"},
    {"pattern": "*"},
    {"minimal_pairs_of": "THINK", "contrast": ["TH", "S"]},
    {"minimal_pairs_of": "ship"},
]


def ms(values: list[tuple[float, float]]) -> str:
    wall = np.array([w for w, _ in values]) * 1000
    cpu = np.array([c for _, c in values]) * 1000
    return (
        f"wall p50 {np.percentile(wall, 50):7.2f} p95 {np.percentile(wall, 95):7.2f} "
        f"max {wall.max():7.2f} | cpu p50 {np.percentile(cpu, 50):7.2f}"
    )


def timed(fn: object, *args: object) -> tuple[float, float]:
    """(wall, CPU) seconds of one call; CPU time is what other processes disturb least."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sentences = BUILT_IN
    if (DATA / "scores.json").is_file():
        scores = json.loads((DATA / "scores.json").read_text())
        sentences = [scores[u]["text"] for u in sorted(scores)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = PhonemeMapSettings(VOICEMESH_ARTIFACT_DIR=Path(tmp), MOCK_MODE=False)  # type: ignore[call-arg]
        engine = CmudictEngine(settings, ArtifactStore(settings.artifact_dir))
        wall, cpu = timed(engine.load)
        print(
            f"load (CMUdict, g2p-en, frequency index, warm-up): wall {wall:.2f} s, cpu {cpu:.2f} s"
        )
        print(f"engine: {engine.info.model}")

        corpus = [timed(engine.process, PhonemeMapRequest(text=s)) for s in sentences]
        words = statistics.mean(len(s.split()) for s in sentences)
        print(
            f"sentence → phones, {len(sentences)} sentences (~{words:.1f} words), ms: {ms(corpus)}"
        )
        cold = [timed(engine.process, PhonemeMapRequest(text=s)) for s in RICH]
        warm = [timed(engine.process, PhonemeMapRequest(text=s)) for s in RICH * args.repeat]
        print(f"numbers/abbreviations/unknown words, first call, ms:  {ms(cold)}")
        print(f"numbers/abbreviations/unknown words, cached, ms:      {ms(warm)}")

        print(
            f"search over {engine.index.words} words ({engine.index.pronunciations} pronunciations):"
        )
        for query in QUERIES:
            request = PatternSearchRequest.model_validate({**query, "limit": 20})
            times = [timed(engine.search, request) for _ in range(args.repeat)]
            total = engine.search(request).total
            label = json.dumps(query, ensure_ascii=False)
            print(f"  {label:58s} {total:7d} words  ms: {ms(times)}")


if __name__ == "__main__":
    main()
