"""Alignment benchmark: success rate, failures, latency p50/p95, RTF and ERN behaviour of the
alignment-service engine on speechocean762.

Reads ``../shared/data/speechocean762-train`` (not shipped with the project; CC BY 4.0,
Zhang et al., Interspeech 2021) and aligns each clip against the corpus' canonical phones,
exactly as the service's worker does (artifact store → decode → align → response), in
``--workers`` processes (one engine each). Latency is wall time per request (seconds,
measured inside the worker, so it includes CPU contention between workers); RTF = summed
processing time / summed audio duration. Success = status ``ok``.

ERN behaviour, from the experts' per-phone marks (mean of five, 0–2): among phones that had
alternatives in the network, how often the aligner reported a substitution on phones the
experts marked correct (≥ 1.8, a false-alarm proxy) and wrong (≤ 0.6, a hit proxy; the
corpus does not say *which* phone was said, so this is an upper bound on true hits).
Also the Pearson correlation (PCC) of raw GOP with the experts' phone marks.

    .venv/bin/python bench/alignment.py --workers 2            # all 1,500 clips
    .venv/bin/python bench/alignment.py --n 200 --ern-penalty 20
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
from alignment_service.settings import AlignmentSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.alignment import AlignmentRequest, AlignmentWordIn

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "speechocean762-train"
FOUR_SECOND_BAND = (3.0, 5.0)  # clips counted as "≈ 4 s utterances"

_engine: PocketSphinxEngine | None = None
_store: ArtifactStore | None = None


@dataclass
class ClipResult:
    utt: str
    status: str
    message: str | None
    latency_s: float
    cpu_s: float
    duration_s: float
    # (expert mark 0–2, gop, had ERN alternatives, reported substituted)
    phones: list[tuple[float, float, bool, bool]] = field(default_factory=list)


def _init_worker(settings_kwargs: dict[str, Any], artifact_dir: str) -> None:
    global _engine, _store
    _store = ArtifactStore(Path(artifact_dir))
    settings = AlignmentSettings(
        artifact_dir=Path(artifact_dir), mock_mode=False, **settings_kwargs
    )
    _engine = PocketSphinxEngine(settings, _store)
    _engine.load()


def _align(job: tuple[str, dict[str, Any], dict[str, list[str]] | None]) -> ClipResult:
    utt, meta, substitutions = job
    assert _engine is not None and _store is not None
    ref = _store.put((DATA / "audio" / f"{utt}.flac").read_bytes(), "flac")
    request = AlignmentRequest(
        audio_ref=ref,
        words=[AlignmentWordIn(text=w["text"], phones=w["phones"]) for w in meta["words"]],
        substitutions=substitutions,
    )
    wall, cpu = time.perf_counter(), time.process_time()
    response = _engine.process(request)
    latency, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    _store.path(ref).unlink()
    result = ClipResult(utt, response.status, response.message, latency, cpu_s, response.duration_s)
    for word, expert in zip(response.words, meta["words"], strict=True):
        for phone, mark in zip(word.phones, expert["phones-accuracy"], strict=False):
            if phone.gop is None:
                continue
            result.phones.append(
                (
                    float(mark),
                    phone.gop,
                    phone.realized is not None,
                    phone.realized is not None and phone.realized != phone.phone,
                )
            )
    return result


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def summarize(results: list[ClipResult], wall_s: float, workers: int) -> dict[str, Any]:
    ok = [r for r in results if r.status == "ok"]
    latencies = [r.latency_s for r in results]
    band = [
        r.latency_s for r in results if FOUR_SECOND_BAND[0] <= r.duration_s <= FOUR_SECOND_BAND[1]
    ]
    band_cpu = [
        r.cpu_s for r in results if FOUR_SECOND_BAND[0] <= r.duration_s <= FOUR_SECOND_BAND[1]
    ]
    phones = [p for r in results for p in r.phones]
    marks = np.array([p[0] for p in phones])
    gops = np.array([p[1] for p in phones])
    with_alts = [p for p in phones if p[2]]
    correct = [p for p in with_alts if p[0] >= 1.8]
    wrong = [p for p in with_alts if p[0] <= 0.6]
    return {
        "clips": len(results),
        "success_rate": round(len(ok) / len(results), 4),
        "failed": sum(r.status == "failed" for r in results),
        "partial": sum(r.status == "partial" for r in results),
        "wide_beam_retries": sum("wide beams" in (r.message or "") for r in results),
        "failed_utts": [r.utt for r in results if r.status != "ok"],
        "latency_p50_s": round(percentile(latencies, 50), 3),
        "latency_p95_s": round(percentile(latencies, 95), 3),
        "latency_p50_s_3to5s_clips": round(percentile(band, 50), 3),
        "latency_p95_s_3to5s_clips": round(percentile(band, 95), 3),
        # CPU seconds per request: the latency on an otherwise idle core (the engine is
        # single-threaded), unaffected by other load on the machine.
        "cpu_p50_s_3to5s_clips": round(percentile(band_cpu, 50), 3),
        "cpu_p95_s_3to5s_clips": round(percentile(band_cpu, 95), 3),
        "mean_duration_s": round(statistics.fmean(r.duration_s for r in results), 2),
        "rtf_wall": round(sum(latencies) / sum(r.duration_s for r in results), 3),
        "rtf_cpu": round(sum(r.cpu_s for r in results) / sum(r.duration_s for r in results), 3),
        "throughput_clips_per_s": round(len(results) / wall_s, 2),
        "workers": workers,
        "phones": len(phones),
        "gop_pcc_vs_expert": round(float(np.corrcoef(gops, marks)[0, 1]), 3)
        if len(phones) > 2
        else None,
        "ern_phones_with_alternatives": len(with_alts),
        "ern_substituted_rate_expert_correct": round(
            sum(p[3] for p in correct) / max(1, len(correct)), 4
        ),
        "ern_substituted_rate_expert_wrong": round(
            sum(p[3] for p in wrong) / max(1, len(wrong)), 4
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=None, help="clips (default: all)")
    parser.add_argument("--seed", type=int, default=762)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--ern-penalty", type=float, default=None, help="ALIGN_ERN_VARIANT_PENALTY (nats)"
    )
    parser.add_argument("--no-ern", action="store_true", help="substitutions={} (no ERN pass)")
    parser.add_argument("--json", type=Path, default=None, help="also write the summary here")
    args = parser.parse_args()

    scores = json.loads((DATA / "scores.json").read_text())
    utts = sorted(scores)
    random.Random(args.seed).shuffle(utts)
    utts = utts[: args.n] if args.n else utts
    substitutions: dict[str, list[str]] | None = {} if args.no_ern else None
    jobs = [(u, scores[u], substitutions) for u in utts]
    settings_kwargs: dict[str, Any] = {}
    if args.ern_penalty is not None:
        settings_kwargs["ern_variant_penalty"] = args.ern_penalty

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(args.workers, _init_worker, (settings_kwargs, tmp)) as pool:
            results = list(pool.imap_unordered(_align, jobs, chunksize=4))
        wall = time.perf_counter() - started
    summary = summarize(results, wall, args.workers)
    summary["settings"] = settings_kwargs | {"ern": not args.no_ern}
    text = json.dumps(summary, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
