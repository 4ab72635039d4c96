"""End-to-end benchmark of the real mesh on the embedded engines (and the mock throughput).

    uv run python bench/e2e.py [--n 20] [--write docs/benchmarks.md]

Starts ``voicemesh up`` (real engines), posts real L2 clips with their target text (3–5 s clips
from ../shared/data/speechocean762-train when present, else tests/audio), and prints:
end-to-end latency p50/p95 per clip-duration bucket, the per-stage breakdown (wall time seen by
the orchestrator and each service's own time from its Server-Timing header), the mesh overhead
ratio (end to end ÷ the engines' own compute on the critical path), each service's resident
memory, and the mock-mode throughput at concurrency 16.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import soundfile as sf

from bench.mock_throughput import measure as mock_throughput
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.mesh_runner import post_clip, running_mesh

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "speechocean762-train"


def pick_clips(n: int, corpus: Path = CORPUS) -> list[tuple[Path, str]]:
    """Real L2 clips of 3–5 s with their prompt text; every k-th for variety of speakers."""
    if (corpus / "scores.json").is_file():
        scores = json.loads((corpus / "scores.json").read_text())
        rows = []
        for utt, item in sorted(scores.items()):
            path = corpus / "audio" / f"{utt}.flac"
            if 3.0 <= sf.info(str(path)).duration <= 5.0:
                rows.append((path, item["text"]))
        step = max(1, len(rows) // n)
        return rows[::step][:n]
    clips = json.loads((ROOT / "tests" / "audio" / "clips.json").read_text())
    return [(ROOT / "tests" / "audio" / f, c["text"]) for f, c in clips.items()][:n]


def critical_path_s(result: ProcessResult) -> float | None:
    """The engines' own time along the longest dependency chain of a request with text:
    max(ASR, phoneme-map + alignment + diff) + feedback, in parallel with TTS + VC
    (orchestrator_service/services/pipeline.py)."""
    own = {t.stage: t.server_s for t in result.timings}
    if any(own.get(s) is None for s in ("asr", "phoneme_map", "alignment", "phoneme_diff")):
        return None
    g = {k: v or 0.0 for k, v in own.items()}
    judged = g["phoneme_map"] + g["alignment"] + g["phoneme_diff"]
    assess = max(g["asr"], judged) + g.get("feedback", 0.0)
    return max(assess, g.get("tts", 0.0) + g.get("voice_conversion", 0.0))


def service_processes() -> dict[str, psutil.Process]:
    """The running mesh's service processes (``voicemesh.cli serve NAME``), by service name."""
    out = {}
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "serve" in cmd and "voicemesh.cli" in cmd:
            out[cmd[cmd.index("serve") + 1]] = proc
    return dict(sorted(out.items()))


def service_memory_mb() -> dict[str, float]:
    return {name: proc.memory_info().rss / 1e6 for name, proc in service_processes().items()}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_real(n: int) -> dict[str, Any]:
    clips = pick_clips(n)
    rows = []
    with (
        tempfile.TemporaryDirectory() as state,
        running_mesh(mock=False, state_dir=Path(state)) as ready_s,
    ):
        for path, text in clips[:2]:  # warm-up
            post_clip(path, text, timeout_s=120)
        for path, text in clips:
            started = time.perf_counter()
            response = post_clip(path, text, timeout_s=120)
            wall = time.perf_counter() - started
            result = ProcessResult.model_validate(response.json())
            rows.append(
                {
                    "duration": sf.info(str(path)).duration,
                    "wall": wall,
                    "critical": critical_path_s(result),
                    "errors": len(result.errors),
                    "stages": {t.stage: (t.duration_s, t.server_s) for t in result.timings},
                }
            )
        memory = service_memory_mb()
    return {"ready_s": ready_s, "rows": rows, "memory": memory}


def report(real: dict[str, Any], mock: dict[str, float]) -> str:
    rows = real["rows"]
    lines = ["| clip duration | clips | p50 end-to-end (s) | p95 (s) |", "|---|---|---|---|"]
    for lo, hi in ((0, 3), (3, 4), (4, 5), (5, 99)):
        walls = [r["wall"] for r in rows if lo <= r["duration"] < hi]
        if walls:
            lines.append(
                f"| {lo}–{hi if hi < 99 else '…'} s | {len(walls)} | "
                f"{statistics.median(walls):.2f} | {pct(walls, 0.95):.2f} |"
            )
    walls = [r["wall"] for r in rows]
    lines.append(
        f"| all | {len(walls)} | {statistics.median(walls):.2f} | {pct(walls, 0.95):.2f} |"
    )
    lines += [
        "",
        "| stage | p50 wall in orchestrator (s) | p50 service's own time (s) |",
        "|---|---|---|",
    ]
    stages = sorted({s for r in rows for s in r["stages"]})
    for stage in stages:
        w = [r["stages"][stage][0] for r in rows if stage in r["stages"]]
        own = [r["stages"][stage][1] for r in rows if r["stages"].get(stage, (0, None))[1]]
        lines.append(
            f"| {stage} | {statistics.median(w):.3f} | "
            f"{statistics.median(own) if own else float('nan'):.3f} |"
        )
    ratios = [r["wall"] / r["critical"] for r in rows if r["critical"]]
    lines += [
        "",
        f"Mesh overhead (end to end ÷ critical-path engine time): p50 "
        f"{statistics.median(ratios):.3f}, p95 {pct(ratios, 0.95):.3f}.",
        f"Requests with stage errors: {sum(1 for r in rows if r['errors'])} of {len(rows)}.",
        f"Mesh ready after `voicemesh up`: {real['ready_s']:.1f} s.",
        "",
        "| service | resident memory (MB) |",
        "|---|---|",
    ]
    lines += [f"| {name} | {mb:.0f} |" for name, mb in real["memory"].items()]
    lines += [
        "",
        f"Mock-mode `/process`: {mock['rps']:.0f} requests/s at concurrency "
        f"{mock['concurrency']:.0f}, {mock['errors']:.0f} errors in "
        f"{mock['requests']:.0f} requests (p50 {mock['p50_ms']:.0f} ms, "
        f"p95 {mock['p95_ms']:.0f} ms).",
    ]
    return "\n".join(lines)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = psutil.virtual_memory().total / 2**30
    return (
        f"{psutil.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, no GPU, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20, help="clips to post")
    parser.add_argument(
        "--write",
        type=Path,
        default=None,
        help="replace the measured block of this file (from its first line to the first '## ')",
    )
    args = parser.parse_args()
    real = run_real(args.n)
    mock = mock_throughput(16, 1000, running=False)
    text = report(real, mock)
    print(text)
    if args.write:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        measured = (
            f"# Benchmarks\n\nMeasured {stamp} on {machine()} with `uv run python bench/e2e.py "
            f"--n {args.n}`; every engine pinned to one thread; clips are real L2 readings "
            f"(speechocean762) with their target text.\n\n{text}\n\n"
        )
        old = args.write.read_text() if args.write.is_file() else ""
        _, heading, rest = old.partition("\n## ")  # hand-written analysis below stays
        args.write.write_text(measured + (heading.lstrip("\n") + rest if heading else ""))


if __name__ == "__main__":
    main()
