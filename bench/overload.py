"""Overload: 64 concurrent real requests at the orchestrator of the real mesh on this CPU.

    uv run python bench/overload.py [--concurrency 64] [--waves 2]

Starts ``voicemesh up`` (embedded engines, default admission limits: 8 in flight, 16 queued),
then fires ``--concurrency`` requests at once (a real L2 clip with its text), ``--waves``
times. Prints the count of each status (only 200 and 503 + Retry-After are acceptable; any
other 5xx or a transport error fails the run), p50/p95 latency of the accepted ones, how fast
refusals came back, and the RSS of every service before and after. Exit status 1 on failure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.meshstats import snapshot
from voicemesh.mesh_runner import ORCHESTRATOR, running_mesh

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "tests" / "audio" / "adult-male-but-again-he-has-made-a-very-clear-statement.wav"
TEXT = "But again he has made a very clear statement"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def one(http: httpx.AsyncClient, audio: bytes) -> tuple[int | str, float, str | None]:
    started = time.perf_counter()
    try:
        response = await http.post(
            f"{ORCHESTRATOR}/process",
            data={"text": TEXT},
            files={"audio": (CLIP.name, audio, "audio/wav")},
        )
    except httpx.HTTPError as exc:
        return type(exc).__name__, time.perf_counter() - started, None
    took = time.perf_counter() - started
    if response.status_code == 503:
        assert response.json()["error"]["code"], response.text
    return response.status_code, took, response.headers.get("retry-after")


async def wave(concurrency: int) -> list[tuple[int | str, float, str | None]]:
    audio = CLIP.read_bytes()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=180, limits=limits) as http:
        return await asyncio.gather(*(one(http, audio) for _ in range(concurrency)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--waves", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_mesh(mock=False, state_dir=Path(tmp)):
        before = snapshot(Path(tmp))
        results = []
        for _ in range(args.waves):
            results += asyncio.run(wave(args.concurrency))
        after = snapshot(Path(tmp))
    statuses = Counter(str(status) for status, _, _ in results)
    accepted = [t for status, t, _ in results if status == 200]
    refused = [(t, ra) for status, t, ra in results if status == 503]
    bad = {s: n for s, n in statuses.items() if not (s == "200" or s == "503" or s[0] == "4")}
    report = {
        "requests": len(results),
        "concurrency": args.concurrency,
        "statuses": dict(statuses),
        "accepted_p50_s": round(statistics.median(accepted), 2) if accepted else None,
        "accepted_p95_s": round(pct(accepted, 0.95), 2) if accepted else None,
        "refused_p95_s": round(pct([t for t, _ in refused], 0.95), 3) if refused else None,
        "refusals_with_retry_after": sum(1 for _, ra in refused if ra),
        "rss_mb_before": before["rss_mb"],
        "rss_mb_after": after["rss_mb"],
    }
    print(json.dumps(report, indent=1))
    ok = not bad and report["refusals_with_retry_after"] == len(refused)
    print("overload: PASS" if ok else f"overload: FAIL (unexpected: {bad})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
