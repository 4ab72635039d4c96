"""Learner web app latency measured in the browser: stop recording → result rendered.

    flock /tmp/voicemesh-mesh.lock uv run python bench/web.py [--runs 10] [--shots docs/images]

Starts the real mesh (embedded engines), drives the app in headless Chromium with the fake
microphone playing a real L2 clip (voicemesh.web_e2e), records and stops ``--runs`` times, and
prints p50/p95 of the app's own measure ``vm-stop-to-result`` (performance.measure from the
Stop click to the frame after the result's DOM is committed), the server's ``total_s`` of the
same requests, and their difference: what the browser adds (MediaRecorder flush, upload,
parsing, rendering). ``--shots`` also writes the desktop (1280 px) and phone (360 px)
screenshots of the result view.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from voicemesh.mesh_runner import running_mesh
from voicemesh.web_e2e import missing, run_browser

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "tests" / "audio" / "adult-female-stress-error-it-was-a-sufficient-answer.wav"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--shots", type=Path, default=None)
    args = parser.parse_args()
    if reason := missing():
        print(reason)
        return 1
    text = json.loads((ROOT / "tests" / "audio" / "clips.json").read_text())[CLIP.name]["text"]
    shots = args.shots.resolve() if args.shots else None
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_mesh(mock=False, state_dir=Path(tmp) / "mesh", ready_timeout_s=300),
    ):
        report, log = run_browser(CLIP, text, Path(tmp), runs=args.runs, shots=shots)
    if not report["ok"]:
        print(log)
        return 1
    total = report["stop_to_result_ms"]
    server = report["server_total_ms"]
    browser = [t - s for t, s in zip(total, server, strict=True)]
    print(f"runs: {len(total)} (clip {CLIP.name}, '{text}')")
    for name, values in (
        ("stop → result rendered", total),
        ("server total_s", server),
        ("browser's share", browser),
    ):
        print(f"{name:24s} p50 {statistics.median(values):6.0f} ms  p95 {_p(values, 0.95):6.0f} ms")
    print(json.dumps({"stop_to_result_ms": total, "server_total_ms": server}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
