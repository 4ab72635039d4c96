"""Fuzz the real engines: schemathesis against each running service of the real mesh (the
seven engine services with the mesh's internal token, and the orchestrator), from each
service's own ``openapi.yaml``; the same checks as tests/test_fuzz_contracts.py (no 5xx,
status codes, content types and bodies as documented, invalid data refused).

    uv run python bench/fuzz.py [--examples 25] [--service NAME ...]

Prints, per service, the operations fuzzed and the seconds it took, or the first failing
case (schemathesis prints how to reproduce it). Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from voicemesh.fuzzing import fuzz_operations
from voicemesh.mesh import SERVICES
from voicemesh.mesh_runner import engine_headers, running_mesh

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=25, help="per operation and mode")
    parser.add_argument("--service", action="append", default=None)
    args = parser.parse_args()
    chosen = [s for s in SERVICES if not args.service or s.name in args.service]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp, running_mesh(mock=False, state_dir=Path(tmp)):
        headers = engine_headers(Path(tmp))
        for spec in chosen:
            started = time.monotonic()
            try:
                done = fuzz_operations(
                    ROOT / spec.folder / "openapi.yaml",
                    None,
                    args.examples,
                    base_url=f"http://127.0.0.1:{spec.port}",
                    headers=headers,
                )
                took = time.monotonic() - started
                print(f"{spec.name}: OK, {len(done)} operations in {took:.0f} s", flush=True)
            except (Exception, BaseExceptionGroup):  # schemathesis' FailureGroup included
                failures += 1
                print(f"{spec.name}: FAIL\n{traceback.format_exc()[-4000:]}", flush=True)
    print("fuzz: PASS" if not failures else f"fuzz: FAIL ({failures} services)")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
