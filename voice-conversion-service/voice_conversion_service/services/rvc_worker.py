"""RVC worker: runs under the Python that has rvc-python (3.10 in the GPU image, because
rvc-python pins fairseq 0.12.2, which does not build on 3.11) and keeps its models loaded.

Standalone on purpose (standard library + rvc-python only), started by ``rvc_engine`` as
``<VC_RVC_PYTHON> rvc_worker.py --device cuda:0 --models-dir DIR``. Protocol: one JSON object
per line. The worker first writes ``{"ready": true}`` (or ``{"ready": false, "error": ...}``),
then answers each request ``{"model", "input", "output", "semitones", "f0_method"}`` (paths to
a .pth and to WAV files) with ``{"ok": true}`` or ``{"ok": false, "error": "..."}``.
rvc-python prints progress to stdout, so the protocol uses a private copy of stdout and
everything else written to stdout goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any


def main() -> int:
    parser = argparse.ArgumentParser(description="VoiceMesh RVC worker")
    parser.add_argument("--device", default="cuda:0")
    parser.add_argument("--models-dir", required=True)
    args = parser.parse_args()

    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def answer(message: dict[str, Any]) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    try:
        import inspect

        from rvc_python.infer import RVCInference

        kwargs: dict[str, Any] = {"models_dir": args.models_dir}
        if "device" in inspect.signature(RVCInference.__init__).parameters:
            kwargs["device"] = args.device
        rvc = RVCInference(**kwargs)
    except Exception as exc:  # reported to the engine, which fails its load()
        answer({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    answer({"ready": True})

    loaded = None
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if request["model"] != loaded:
                rvc.load_model(request["model"])
                loaded = request["model"]
            rvc.set_params(f0up_key=int(request["semitones"]), f0method=request["f0_method"])
            rvc.infer_file(request["input"], request["output"])
            answer({"ok": True})
        except Exception as exc:  # one failed conversion must not end the worker
            answer({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
