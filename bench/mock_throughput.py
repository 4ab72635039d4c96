"""Mock-mode throughput of the orchestrator's ``POST /process`` (requests/s at a concurrency).

    uv run python bench/mock_throughput.py [--concurrency 16] [--requests 1000]

Starts the mesh with ``voicemesh up --mock`` unless ``--running`` is given. The load generator
is a plain aiohttp client (about a third of httpx's CPU per request), because it shares the
cores with the mesh it measures. Every answer is read and checked: status 200, a JSON result
with an empty ``errors[]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import aiohttp

from voicemesh.localkey import auth_headers
from voicemesh.mesh_runner import ORCHESTRATOR, running_mesh

CLIP = Path(__file__).resolve().parents[1] / "tests" / "audio" / "hello-world.wav"


def _form(data: bytes) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("text", "Hello world")
    form.add_field("audio", data, filename="a.wav", content_type="audio/wav")
    return form


async def _post(session: aiohttp.ClientSession, data: bytes, headers: dict[str, str]) -> bool:
    """One ``/process`` request as the local admin (each answer is stored as an attempt);
    True when it succeeded without stage errors."""
    async with session.post(
        f"{ORCHESTRATOR}/process", data=_form(data), headers=headers
    ) as response:
        body = await response.read()
    return response.status == 200 and not json.loads(body)["errors"]


async def hammer(concurrency: int, requests: int) -> dict[str, float]:
    data = CLIP.read_bytes()
    headers = auth_headers()
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                queue.get_nowait()
                start = time.perf_counter()
                ok = await _post(session, data, headers)
                latencies.append(time.perf_counter() - start)
                errors += not ok

        # warm-up: open the connections
        await asyncio.gather(*(_post(session, data, headers) for _ in range(concurrency)))
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
