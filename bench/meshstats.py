"""Resource figures of a running mesh for the reliability benches: resident memory and open
file descriptors of each service process (psutil), and the artifact store's size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psutil

from voicemesh.mesh_runner import service_pids


def snapshot(state_dir: Path) -> dict[str, Any]:
    """``{"rss_mb": {service: MB}, "fds": {service: n}, "store_mb": MB, "store_files": n}``."""
    rss, fds = {}, {}
    for name, pid in sorted(service_pids(state_dir).items()):
        try:
            proc = psutil.Process(pid)
            rss[name] = round(proc.memory_info().rss / 1e6, 1)
            fds[name] = proc.num_fds()
        except psutil.Error:
            continue
    store = [p for p in (state_dir / "artifacts").iterdir() if p.is_file()]
    return {
        "rss_mb": rss,
        "fds": fds,
        "store_mb": round(sum(p.stat().st_size for p in store) / 1e6, 2),
        "store_files": len(store),
    }


def growth_pct(before: float, after: float) -> float:
    return 0.0 if before == 0 else round(100.0 * (after - before) / before, 1)
