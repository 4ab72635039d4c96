"""The orchestrator's own Prometheus metrics (beside the request metrics every service has):
per-stage latency of ``/process``, job counts by status and the queue depth."""

from __future__ import annotations

from prometheus_client import Gauge, Histogram

from voicemesh.contracts.orchestrator import ProcessResult

# Stage latencies run from ≈ 5 ms (phoneme-map) to tens of seconds (ASR on a long clip, CPU).
STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
STAGE_SECONDS = Histogram(
    "voicemesh_stage_duration_seconds",
    "Wall-clock seconds of one /process stage, as the orchestrator saw it",
    ["stage", "ok"],
    buckets=STAGE_BUCKETS,
)
PROCESS_SECONDS = Histogram(
    "voicemesh_process_duration_seconds",
    "Wall-clock seconds of the whole pipeline of one /process",
    buckets=STAGE_BUCKETS,
)
JOBS = Gauge("voicemesh_jobs", "Jobs in the database by status", ["status"])
QUEUE_DEPTH = Gauge("voicemesh_queue_depth", "Jobs waiting for a worker (status queued)")


def observe_stages(result: ProcessResult) -> None:
    for timing in result.timings:
        STAGE_SECONDS.labels(timing.stage, "true" if timing.ok else "false").observe(
            timing.duration_s
        )
    PROCESS_SECONDS.observe(result.total_s)


def set_job_counts(counts: dict[str, int], statuses: tuple[str, ...]) -> None:
    for status in statuses:
        JOBS.labels(status).set(counts.get(status, 0))
    QUEUE_DEPTH.set(counts.get("queued", 0))
