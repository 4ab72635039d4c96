"""Capacity of each mesh stage on this CPU: CPU seconds per clip and clips per minute per core.

    uv run python -m bench.capacity [--n 20] [--corpus DIR] [--learners 10,100,1000]
        [--attempts-per-min 1] [--target 0.7]

Starts the real mesh on the embedded engines (``voicemesh up``), posts real 3–5 s L2 clips with
their target text one at a time (two warm-ups first; clips drawn as bench/e2e.py draws them),
and reads every service process's CPU time (user + system, reaped children such as espeak-ng
included, psutil) before and after. The same processes' CPU time over ``--idle-s`` seconds
without requests (health checks, the artifact purge loop) is subtracted as a baseline.

Per service it prints CPU s per clip, clips per minute per core (60 ÷ CPU s per clip), and the
p50 of the stage's wall time in the orchestrator and of the service's own time (Server-Timing).
docs/scaling.md turns these numbers into replicas per stage for N learners.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.e2e import CORPUS, machine, pick_clips, service_memory_mb, service_processes
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.mesh_runner import post_clip, running_mesh


def cpu_seconds(proc: psutil.Process) -> float:
    """User + system CPU seconds of a process, its reaped children and its live descendants."""
    t = proc.cpu_times()
    total = t.user + t.system + t.children_user + t.children_system
    for child in proc.children(recursive=True):
        ct = child.cpu_times()
        total += ct.user + ct.system
    return total


def snapshot(procs: dict[str, psutil.Process]) -> dict[str, float]:
    return {name: cpu_seconds(proc) for name, proc in procs.items()}


@dataclass
class Measured:
    clips: int
    cpu_s: dict[str, float]  # service → CPU s per clip, idle baseline removed
    wall_s: dict[str, list[float]]  # stage → wall time per clip seen by the orchestrator
    own_s: dict[str, list[float]]  # stage → service's own time per clip (Server-Timing)
    stage_errors: int
    ready_s: float
    rss_mb: dict[str, float]  # service → resident memory after the run
    load: tuple[float, float]  # 1-minute load average before and after the timed clips


def measure(n: int, idle_s: float, corpus: Path = CORPUS) -> Measured:
    clips = pick_clips(n, corpus)
    wall: dict[str, list[float]] = {}
    own: dict[str, list[float]] = {}
    errors = 0
    with (
        tempfile.TemporaryDirectory() as state,
        running_mesh(mock=False, state_dir=Path(state)) as ready_s,
    ):
        for path, text in clips[:2]:  # warm-up: first-request allocations, lazy imports
            post_clip(path, text, timeout_s=120).raise_for_status()
        procs = service_processes()
        before_idle = snapshot(procs)
        time.sleep(idle_s)
        before = snapshot(procs)
        load_before = os.getloadavg()[0]
        idle_rate = {k: (before[k] - before_idle[k]) / idle_s for k in procs}
        started = time.monotonic()
        for path, text in clips:
            response = post_clip(path, text, timeout_s=120)
            response.raise_for_status()
            result = ProcessResult.model_validate(response.json())
            errors += bool(result.errors)
            for t in result.timings:
                wall.setdefault(t.stage, []).append(t.duration_s)
                if t.server_s is not None:
                    own.setdefault(t.stage, []).append(t.server_s)
        elapsed = time.monotonic() - started
        after = snapshot(procs)
        rss = service_memory_mb()
        load = (load_before, os.getloadavg()[0])
    cpu = {
        name: max(0.0, after[name] - before[name] - idle_rate[name] * elapsed) / len(clips)
        for name in procs
    }
    return Measured(len(clips), cpu, wall, own, errors, ready_s, rss, load)


def p50(values: list[float] | None) -> str:
    return f"{statistics.median(values):.3f}" if values else "–"


def replicas(clips_per_min: float, cpu_s_per_clip: float, target: float) -> int:
    """One-CPU replicas that keep a stage at or under ``target`` utilization (docs/scaling.md)."""
    return max(1, math.ceil(clips_per_min * cpu_s_per_clip / (60 * target)))


def report(m: Measured) -> str:
    lines = [
        "| service | CPU s per clip | clips/min per core | p50 stage wall (s) | p50 own time (s) "
        "| resident MB |",
        "|---|---|---|---|---|---|",
    ]
    for name, cpu in sorted(m.cpu_s.items(), key=lambda kv: -kv[1]):
        stage = name.replace("-", "_")
        # Under 1 ms per clip, the whole run is a few 10 ms ticks of /proc CPU time: too coarse.
        cpu_text, per_core = (
            (f"{cpu:.3f}", f"{60 / cpu:.0f}") if cpu >= 1e-3 else ("< 0.001", "> 60000")
        )
        lines.append(
            f"| {name} | {cpu_text} | {per_core} | {p50(m.wall_s.get(stage))} | "
            f"{p50(m.own_s.get(stage))} | {m.rss_mb.get(name, 0):.0f} |"
        )
    total = sum(m.cpu_s.values())
    lines += [
        f"| **whole mesh** | {total:.3f} | {60 / total:.0f} | | | {sum(m.rss_mb.values()):.0f} |",
        "",
        f"{m.clips} clips, {m.stage_errors} with stage errors; mesh ready after "
        f"{m.ready_s:.1f} s; load average {m.load[0]:.1f} → {m.load[1]:.1f}; {machine()}.",
    ]
    return "\n".join(lines)


def sizing(m: Measured, learners: list[int], attempts_per_min: float, target: float) -> str:
    """Replicas per service for each learner count, at ``attempts_per_min`` clips per learner."""
    head = " | ".join(f"{n} learners" for n in learners)
    lines = [
        f"Replicas at {attempts_per_min:g} attempt(s) per learner per minute, "
        f"{target:.0%} CPU target:",
        "",
        f"| service | {head} |",
        "|---|" + "---|" * len(learners),
    ]
    for name, cpu in sorted(m.cpu_s.items(), key=lambda kv: -kv[1]):
        counts = [replicas(n * attempts_per_min, cpu, target) for n in learners]
        lines.append(f"| {name} | " + " | ".join(str(c) for c in counts) + " |")
    cores = [
        sum(replicas(n * attempts_per_min, cpu, target) for cpu in m.cpu_s.values())
        for n in learners
    ]
    lines.append("| **replicas in all** | " + " | ".join(str(c) for c in cores) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20, help="clips to post (after 2 warm-ups)")
    parser.add_argument("--idle-s", type=float, default=10.0, help="idle baseline window (s)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        help="speechocean762-layout folder (scores.json, audio/); missing: tests/audio clips",
    )
    parser.add_argument("--learners", default="10,100,1000", help="learner counts to size for")
    parser.add_argument("--attempts-per-min", type=float, default=1.0, help="per learner")
    parser.add_argument("--target", type=float, default=0.7, help="HPA CPU utilization target")
    args = parser.parse_args()
    measured = measure(args.n, args.idle_s, args.corpus)
    learners = [int(n) for n in args.learners.split(",")]
    print(report(measured))
    print()
    print(sizing(measured, learners, args.attempts_per_min, args.target))


if __name__ == "__main__":
    main()
