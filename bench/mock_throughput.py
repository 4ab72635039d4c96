"""Mock-mode throughput of the orchestrator's ``POST /process`` (requests/s at a concurrency).

    uv run python bench/mock_throughput.py [--concurrency 16] [--requests 1000]

Starts the mesh with ``voicemesh up --mock`` unless ``--running`` is given.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import httpx

from voicemesh.mesh_runner import ORCHESTRATOR, running_mesh

CLIP = Path(__file__).resolve().parents[1] / "tests" / "audio" / "hello-world.wav"


async def hammer(concurrency: int, requests: int) -> dict[str, float]:
    data = CLIP.read_bytes()
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                queue.get_nowait()
                start = time.perf_counter()
                response = await client.post(
                    f"{ORCHESTRATOR}/process",
                    data={"text": "Hello world"},
                    files={"audio": ("a.wav", data, "audio/wav")},
                )
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200 or response.json()["errors"]:
                    errors += 1

        for _ in range(concurrency):  # warm-up: open the connections
            await client.post(
                f"{ORCHESTRATOR}/process",
                files={"audio": ("a.wav", data)},
                data={"text": "Hello world"},
            )
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": requests,
        "concurrency": concurrency,
        "errors": errors,
        "seconds": elapsed,
        "rps": requests / elapsed,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)],
    }


def measure(concurrency: int, requests: int, running: bool) -> dict[str, float]:
    if running:
        return asyncio.run(hammer(concurrency, requests))
    with tempfile.TemporaryDirectory() as state, running_mesh(mock=True, state_dir=Path(state)):
        return asyncio.run(hammer(concurrency, requests))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--running", action="store_true", help="use an already running mesh")
    args = parser.parse_args()
    r = measure(args.concurrency, args.requests, args.running)
    print(
        f"mock /process: {r['rps']:.0f} requests/s at concurrency {r['concurrency']:.0f}, "
        f"{r['errors']:.0f} errors / {r['requests']:.0f}, p50 {r['p50_ms']:.0f} ms, "
        f"p95 {r['p95_ms']:.0f} ms"
    )


if __name__ == "__main__":
    main()
