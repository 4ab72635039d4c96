"""ASR benchmark: WER, latency p50/p95 and RTF of the asr-service engine on speechocean762.

Reads ``../shared/data/speechocean762-train`` (not shipped with the project; CC BY 4.0,
Zhang et al., Interspeech 2021). Runs the configured engine (default: faster-whisper with the
bundled Whisper base) in-process, one clip at a time, exactly as the service's worker thread
does: artifact store → decode → transcribe → response. WER (jiwer) compares the service's
normalized transcript with the prompt text, both upper-cased without punctuation and with
numbers spelt out. Latency is wall time per request (seconds); "cpu 4s" is the median CPU time
(all threads) of a 3–5 s clip, a figure that other processes on the machine disturb less;
RTF = wall processing time / audio duration, summed over clips.

    .venv/bin/python bench/asr.py --n 100 --threads 2 --beam 1 --beam 5
    .venv/bin/python bench/asr.py --n 686 --encode-pad 30 --encode-pad 3   # before/after

``--encode-pad`` is how much of Whisper's 30 s zero padding the encoder sees after the clip
(asr_service/services/own_length.py; 30: the padded window, faster-whisper's default).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jiwer
import numpy as np

from asr_service.services import make_engine
from asr_service.services.text_normalization import normalize_text
from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.asr import AsrRequest

# ``SO762_DIR`` points elsewhere (as in phoneme-diff-service/training), e.g. from a git worktree.
DATA = Path(
    os.environ.get(
        "SO762_DIR",
        Path(__file__).resolve().parents[2] / "shared" / "data" / "speechocean762-train",
    )
)
FOUR_SECOND_BAND = (3.0, 5.0)  # clips counted as "≈ 4 s utterances"


def pick_clips(n: int, seed: int) -> list[tuple[str, str]]:
    scores = json.loads((DATA / "scores.json").read_text())
    utts = sorted(scores)
    random.Random(seed).shuffle(utts)
    return [(utt, scores[utt]["text"]) for utt in utts[:n]]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def run(
    clips: list[tuple[str, str]],
    threads: int,
    beam: int,
    engine: str,
    dump: Path | None = None,
    encode_pad_s: float = 3.0,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        # Shared fields are set through their VOICEMESH_* aliases (voicemesh.settings).
        fields: dict[str, Any] = {
            "threads": threads,
            "beam_size": beam,
            "engine": engine,
            "encode_pad_s": encode_pad_s,
            "VOICEMESH_ARTIFACT_DIR": Path(tmp),
            "MOCK_MODE": False,
        }
        settings = AsrSettings(**fields)
        store = ArtifactStore(settings.artifact_dir)
        asr = make_engine(settings, store)
        started = time.perf_counter()
        asr.load()
        load_s = time.perf_counter() - started
        refs, hyps, latencies, cpu_times, durations = [], [], [], [], []
        for utt, text in clips:
            ref_id = store.put((DATA / "audio" / f"{utt}.flac").read_bytes(), "flac")
            started, cpu_started = time.perf_counter(), time.process_time()
            result = asr.process(AsrRequest(audio_ref=ref_id))
            latencies.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
            durations.append(result.duration_s)
            refs.append(normalize_text(text).upper())
            hyps.append(result.normalized_transcript.upper())
            if dump is not None:
                with dump.open("a") as fh:
                    row = {"utt": utt, "threads": threads, "beam": beam, "pad": encode_pad_s}
                    row |= {"ref": refs[-1]}
                    row |= {"hyp": hyps[-1], "raw": result.transcript, "s": latencies[-1]}
                    fh.write(json.dumps(row) + "\n")
    in_band = [FOUR_SECOND_BAND[0] <= dur <= FOUR_SECOND_BAND[1] for dur in durations]
    four_s = [lat for lat, keep in zip(latencies, in_band, strict=True) if keep]
    four_s_cpu = [cpu for cpu, keep in zip(cpu_times, in_band, strict=True) if keep]
    # An empty hypothesis is a full deletion; jiwer needs a non-empty string on each side.
    wer = jiwer.wer(refs, [h or "<EMPTY>" for h in hyps])
    return {
        "threads": threads,
        "beam": beam,
        "pad": f"{encode_pad_s:g}",
        "clips": len(clips),
        "load_s": load_s,
        "wer_pct": 100 * wer,
        "p50_s": statistics.median(latencies),
        "p95_s": percentile(latencies, 95),
        "n_4s": len(four_s),
        "p50_4s_s": statistics.median(four_s) if four_s else float("nan"),
        "p95_4s_s": percentile(four_s, 95),
        "cpu_4s_s": statistics.median(four_s_cpu) if four_s_cpu else float("nan"),
        "rtf": sum(latencies) / sum(durations),
        "empty": sum(1 for h in hyps if not h),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="clips (seeded random draw)")
    parser.add_argument("--threads", type=int, action="append", help="CPU threads (repeatable)")
    parser.add_argument("--beam", type=int, action="append", help="beam size (repeatable)")
    parser.add_argument(
        "--encode-pad",
        action="append",
        type=float,
        help="seconds of padding the encoder sees after the clip; 30: the padded 30 s window "
        "(repeatable; default 3, the service's ASR_ENCODE_PAD_S)",
    )
    parser.add_argument("--engine", default="faster-whisper")
    parser.add_argument("--seed", type=int, default=762)
    parser.add_argument("--dump", type=Path, help="append per-clip ref/hyp/latency as JSON lines")
    args = parser.parse_args(argv)
    if not (DATA / "scores.json").is_file():
        print(f"speechocean762 not found at {DATA}", file=sys.stderr)
        return 2
    clips = pick_clips(args.n, args.seed)
    rows = [
        run(clips, threads, beam, args.engine, args.dump, pad)
        for threads in args.threads or [1]
        for beam in args.beam or [5]
        for pad in args.encode_pad or [3.0]
    ]
    header = (
        f"{'threads':>7} {'beam':>4} {'pad s':>5} {'clips':>5} {'WER %':>6} {'p50 s':>6} {'p95 s':>6} "
        f"{'n 3-5s':>6} {'p50 4s':>6} {'p95 4s':>6} {'cpu 4s':>6} {'RTF':>5} {'empty':>5} "
        f"{'load s':>6}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['threads']:>7} {r['beam']:>4} {r['pad']:>5} {r['clips']:>5} {r['wer_pct']:>6.1f} "
            f"{r['p50_s']:>6.2f} {r['p95_s']:>6.2f} {r['n_4s']:>6} {r['p50_4s_s']:>6.2f} "
            f"{r['p95_4s_s']:>6.2f} {r['cpu_4s_s']:>6.2f} {r['rtf']:>5.2f} {r['empty']:>5} "
            f"{r['load_s']:>6.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
