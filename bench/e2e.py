"""End-to-end benchmark of the real mesh on the embedded engines (and the mock throughput).

    uv run python -m bench.e2e [--n 20] [--write docs/benchmarks.md]
    uv run python -m bench.e2e --baseline 3d69c8f --concurrency 1 --concurrency 8 --skip-mock

Starts ``voicemesh up`` (real engines), posts real L2 clips with their target text (3–5 s clips
from ../shared/data/speechocean762-train when present, else tests/audio), and prints:
end-to-end latency p50/p95 per clip-duration bucket, the per-stage breakdown (wall time seen by
the orchestrator and each service's own time from its Server-Timing header), the mesh overhead
ratio (end to end ÷ the engines' own compute on the critical path), each service's resident
memory, and the mock-mode throughput at concurrency 16.

``--baseline REF`` measures a git worktree of REF (its own ``uv sync --frozen`` venv, so REF's
code and locked packages) and then the working tree, one after the other, on the same clips:
p50/p95 end to end, mesh overhead and warm start of each, and their ratios. Warm start is the
ready time of the second ``voicemesh up`` of a tree (the first one warms the page cache and
any model cache). ``--concurrency N`` (repeatable) posts the clips N at a time and prints
throughput (clips/min) and p50/p95 per N. The corpus folder is ``SO762_DIR`` when set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psutil
import soundfile as sf

from bench.mock_throughput import measure as mock_throughput
from voicemesh.contracts.orchestrator import ProcessResult
from voicemesh.mesh_runner import post_clip, running_mesh

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SO762_DIR", ROOT.parent / "shared" / "data" / "speechocean762-train"))


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


def service_processes(root: Path | None = None) -> dict[str, psutil.Process]:
    """The running mesh's service processes (``voicemesh.cli serve NAME``), by service name;
    with ``root``, only those of that checkout (other checkouts may run meshes of their own)."""
    out = {}
    for proc in psutil.process_iter(["cmdline", "cwd"]):
        cmd = proc.info["cmdline"] or []
        if root is not None and proc.info["cwd"] != str(root):
            continue
        if "serve" in cmd and "voicemesh.cli" in cmd:
            out[cmd[cmd.index("serve") + 1]] = proc
    return dict(sorted(out.items()))


def service_memory_mb(root: Path | None = None) -> dict[str, float]:
    """Resident memory (MB) of :func:`service_processes`."""
    return {name: p.memory_info().rss / 1e6 for name, p in service_processes(root).items()}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure_clip(path: Path, text: str, client: httpx.Client) -> dict[str, Any]:
    """One clip posted on ``client``'s pooled connection (the client's own set-up is not the
    mesh's latency)."""
    started = time.perf_counter()
    response = post_clip(path, text, timeout_s=300, client=client)
    wall = time.perf_counter() - started
    result = ProcessResult.model_validate(response.json())
    return {
        "duration": sf.info(str(path)).duration,
        "wall": wall,
        "critical": critical_path_s(result),
        "errors": len(result.errors),
        "stages": {t.stage: (t.duration_s, t.server_s) for t in result.timings},
    }


def run_concurrent(clips: list[tuple[Path, str]], n: int, client: httpx.Client) -> dict[str, float]:
    """Post every clip, ``n`` in flight at a time: clips/min and p50/p95 latency (s)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(n) as pool:
        rows = list(pool.map(lambda clip: measure_clip(*clip, client), clips))
    took = time.perf_counter() - started
    walls = [r["wall"] for r in rows]
    return {
        "n": n,
        "clips_per_min": 60 * len(rows) / took,
        "p50": statistics.median(walls),
        "p95": pct(walls, 0.95),
        "errors": sum(1 for r in rows if r["errors"]),
    }


def run_real(
    clips: list[tuple[Path, str]],
    concurrency: list[int],
    *,
    python: str = sys.executable,
    root: Path = ROOT,
) -> dict[str, Any]:
    """Start the tree's mesh twice (the first start warms the caches), then post the clips one
    at a time and at each concurrency."""
    with tempfile.TemporaryDirectory() as state:

        def mesh() -> AbstractContextManager[float]:
            # PYTHONPATH emptied: the tree's own venv decides what is imported.
            return running_mesh(
                mock=False, state_dir=Path(state), python=python, cwd=root, env={"PYTHONPATH": ""}
            )

        with mesh() as first_ready_s:
            pass
        with mesh() as ready_s, httpx.Client() as client:
            for path, text in clips[:2]:  # warm-up
                post_clip(path, text, timeout_s=300, client=client)
            rows = [measure_clip(path, text, client) for path, text in clips]
            memory = service_memory_mb(root)
            levels = [run_concurrent(clips, n, client) for n in concurrency]
    return {
        "ready_s": ready_s,
        "first_ready_s": first_ready_s,
        "rows": rows,
        "memory": memory,
        "concurrency": levels,
    }


@contextmanager
def baseline_tree(ref: str) -> Iterator[tuple[str, Path]]:
    """A git worktree of ``ref`` with its own locked venv: yields (python, root)."""
    tmp = Path(tempfile.mkdtemp(prefix="voicemesh-baseline-"))
    tree = tmp / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(["uv", "sync", "--frozen", "--quiet"], cwd=tree, check=True)
        yield str(tree / ".venv" / "bin" / "python"), tree
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def summary(real: dict[str, Any]) -> dict[str, float]:
    walls = [r["wall"] for r in real["rows"]]
    ratios = [r["wall"] / r["critical"] for r in real["rows"] if r["critical"]]
    return {
        "p50": statistics.median(walls),
        "p95": pct(walls, 0.95),
        "overhead": statistics.median(ratios),
        "warm_start": real["ready_s"],
    }


def comparison(ref: str, base: dict[str, Any], new: dict[str, Any]) -> str:
    b, w = summary(base), summary(new)
    lines = [
        f"| measure | baseline {ref} | working tree | ratio |",
        "|---|---|---|---|",
    ]
    for key, label in (
        ("p50", "p50 end to end (s)"),
        ("p95", "p95 end to end (s)"),
        ("overhead", "mesh overhead p50 (× critical path)"),
        ("warm_start", "warm start, `voicemesh up` to ready (s)"),
    ):
        lines.append(f"| {label} | {b[key]:.3f} | {w[key]:.3f} | {w[key] / b[key]:.2f} |")
    return "\n".join(lines)


def concurrency_table(label: str, real: dict[str, Any]) -> str:
    lines = [
        f"| {label}: clips in flight | clips/min | p50 (s) | p95 (s) | requests with errors |",
        "|---|---|---|---|---|",
    ]
    for c in real["concurrency"]:
        lines.append(
            f"| {c['n']} | {c['clips_per_min']:.1f} | {c['p50']:.2f} | {c['p95']:.2f} | "
            f"{c['errors']:.0f} |"
        )
    return "\n".join(lines)


def report(real: dict[str, Any], mock: dict[str, float] | None) -> str:
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
    if real["concurrency"]:
        lines += ["", concurrency_table("working tree", real)]
    if mock is None:
        return "\n".join(lines)
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
    parser.add_argument("--baseline", metavar="REF", help="also measure this git commit, first")
    parser.add_argument(
        "--concurrency", type=int, action="append", help="clips in flight (repeatable)"
    )
    parser.add_argument("--skip-mock", action="store_true", help="no mock-mode throughput")
    args = parser.parse_args()
    clips = pick_clips(args.n)
    concurrency = args.concurrency or []
    base = None
    if args.baseline:
        with baseline_tree(args.baseline) as (python, tree):
            base = run_real(clips, concurrency, python=python, root=tree)
    real = run_real(clips, concurrency)
    mock = None if args.skip_mock else mock_throughput(16, 1000, running=False)
    text = report(real, mock)
    if base is not None:
        text += "\n\n" + comparison(args.baseline, base, real)
        if concurrency:
            text += "\n\n" + concurrency_table(f"baseline {args.baseline}", base)
    print(text)
    if args.write:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        flags = "".join(f" --concurrency {n}" for n in concurrency)
        flags += f" --baseline {args.baseline}" if args.baseline else ""
        flags += " --skip-mock" if args.skip_mock else ""
        measured = (
            f"# Benchmarks\n\nMeasured {stamp} on {machine()} with `uv run python -m bench.e2e "
            f"--n {args.n}{flags}`; every engine pinned to one thread; clips are real L2 readings "
            f"(speechocean762) with their target text.\n\n{text}\n\n"
        )
        old = args.write.read_text() if args.write.is_file() else ""
        _, heading, rest = old.partition("\n## ")  # hand-written analysis below stays
        args.write.write_text(measured + (heading.lstrip("\n") + rest if heading else ""))


if __name__ == "__main__":
    main()
