"""Soak: mixed real traffic at the real mesh for ``--minutes`` (default 10), watching for leaks.

    uv run python bench/soak.py [--minutes 10] [--workers 3]

Starts ``voicemesh up`` (embedded engines) with artifact retention by size on (the store is
kept under ``--store-mb``, purged every 15 s, oldest first), then ``--workers`` loops send, at
random: a real clip with its text (55 %), without text (10 %), a burst of 4 concurrent
requests (10 %), a bad upload (15 %: truncated WAV, garbage, empty) and a bad artifact
reference (10 %). Every ``--sample-s`` it records each service's RSS and open file
descriptors and the artifact store's size. Prints the last sample and the growth of each
(%, median of the first third of the samples after warm-up against the last third), and PASS when every growth is within ``--flat-pct`` (10 %)
and every answer was 200, a structured 4xx or 503. Exit status 1 on failure.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.meshstats import growth_pct, snapshot
from voicemesh.mesh_runner import ORCHESTRATOR, running_mesh

ROOT = Path(__file__).resolve().parents[1]
AUDIO = ROOT / "tests" / "audio"
CLIPS = json.loads((AUDIO / "clips.json").read_text())
BAD = {
    "truncated": (AUDIO / "hello-world.wav").read_bytes()[:60],
    "garbage": b"not audio at all " * 200,
    "empty": b"",
}


def post(name: str, text: str | None) -> int:
    with (AUDIO / name).open("rb") as fh:
        response = httpx.post(
            f"{ORCHESTRATOR}/process",
            data={"text": text} if text else {},
            files={"audio": (name, fh, "audio/wav")},
            timeout=180,
        )
    return _checked(response)


def _checked(response: httpx.Response) -> int:
    if response.status_code >= 400:
        assert response.json()["error"]["code"], response.text  # structured
    return response.status_code


def action(rng: random.Random) -> list[int]:
    name = rng.choice(sorted(CLIPS))
    roll = rng.random()
    if roll < 0.55:
        return [post(name, CLIPS[name]["text"])]
    if roll < 0.65:
        return [post(name, None)]
    if roll < 0.75:
        with ThreadPoolExecutor(4) as pool:
            return list(pool.map(lambda _: post(name, CLIPS[name]["text"]), range(4)))
    if roll < 0.90:
        label = rng.choice(sorted(BAD))
        response = httpx.post(
            f"{ORCHESTRATOR}/process",
            files={"audio": ("x.wav", BAD[label], "audio/wav")},
            timeout=60,
        )
        return [_checked(response)]
    bad_ref = rng.choice(["..%2F..%2Fetc%2Fpasswd", "A" * 24 + ".wav", "nope"])
    return [_checked(httpx.get(f"{ORCHESTRATOR}/artifacts/{bad_ref}", timeout=30))]


def flatness(samples: list[dict[str, Any]], warmup_s: float) -> dict[str, Any]:
    """Growth (%) from the first third of the samples after ``warmup_s`` to the last third,
    by median: the store is a sawtooth (retention purges every 15 s) and descriptors follow the
    connections open at the instant, so two single samples would measure the phase, not a
    trend."""
    steady = [s for s in samples if s["t_s"] >= warmup_s] or samples
    third = max(1, len(steady) // 3)
    early, late = steady[:third], steady[-third:]

    def med(rows: list[dict[str, Any]], key: str, name: str | None = None) -> float:
        return statistics.median(r[key][name] if name else r[key] for r in rows)

    names = sorted(early[0]["rss_mb"])
    return {
        "rss_pct": {n: growth_pct(med(early, "rss_mb", n), med(late, "rss_mb", n)) for n in names},
        "fds_pct": {n: growth_pct(med(early, "fds", n), med(late, "fds", n)) for n in names},
        "store_pct": growth_pct(med(early, "store_mb"), med(late, "store_mb")),
        "early_median_rss_mb": {n: med(early, "rss_mb", n) for n in names},
        "late_median_rss_mb": {n: med(late, "rss_mb", n) for n in names},
        "store_mb_early_late": [med(early, "store_mb"), med(late, "store_mb")],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--sample-s", type=float, default=30.0)
    parser.add_argument("--warmup-s", type=float, default=240.0)  # the store fills to its cap first
    parser.add_argument("--store-mb", type=float, default=20.0)
    parser.add_argument("--flat-pct", type=float, default=10.0)
    args = parser.parse_args()
    env = {
        "ORCHESTRATOR_ARTIFACT_MAX_BYTES": str(int(args.store_mb * 1e6)),
        "ORCHESTRATOR_PURGE_INTERVAL_S": "15",
    }
    statuses: Counter[int] = Counter()
    samples: list[dict[str, Any]] = []
    errors: list[str] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_mesh(mock=False, state_dir=Path(tmp), env=env),
    ):
        state = Path(tmp)
        stop = time.monotonic() + args.minutes * 60
        lock = threading.Lock()

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop:
                try:
                    got = action(rng)
                except Exception as exc:  # a transport error or an unstructured answer
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}"[:200])
                    continue
                with lock:
                    statuses.update(got)

        threads = [threading.Thread(target=worker, args=(s,)) for s in range(args.workers)]
        started = time.monotonic()
        for t in threads:
            t.start()
        while time.monotonic() < stop:
            time.sleep(args.sample_s)
            samples.append({"t_s": round(time.monotonic() - started), **snapshot(state)})
            print(json.dumps(samples[-1]), flush=True)
        for t in threads:
            t.join()
    growth = flatness(samples, args.warmup_s)
    flat = all(
        abs(g) <= args.flat_pct
        for g in [*growth["rss_pct"].values(), *growth["fds_pct"].values(), growth["store_pct"]]
    )
    ok_status = all(s == 200 or 400 <= s < 500 or s == 503 for s in statuses)
    report = {
        "minutes": args.minutes,
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "client_errors": errors[:5],
        "last_sample": samples[-1],
        "growth": growth,
    }
    print(json.dumps(report, indent=1))
    ok = flat and ok_status and not errors
    print("soak: PASS" if ok else "soak: FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
