"""Feedback benchmark: latency of the rules engine and size of the openai engine's prompt.

Runs the rules engine ``--n`` times on each measured assessment in
``feedback-llm-service/tests/data/assessment_*.json`` (and tests/data/mock_phoneme_diff.json)
and prints p50/p95 latency in milliseconds, then the size of the chat prompt the openai engine
would send for each (characters, and tokens estimated at 4 characters per token, the usual
rule of thumb for English with OpenAI tokenizers). No network.

    .venv/bin/python bench/feedback.py --n 200
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from feedback_llm_service.llm.prompt import build_messages
from feedback_llm_service.services.rules_engine import RulesEngine
from feedback_llm_service.settings import FeedbackSettings
from voicemesh.contracts.feedback import FeedbackRequest
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.paths import repo_root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="runs per assessment")
    args = parser.parse_args()
    root = repo_root()
    files = sorted((root / "feedback-llm-service" / "tests" / "data").glob("assessment_*.json"))
    mock = root / "tests" / "data" / "mock_phoneme_diff.json"
    files += [mock] if mock.is_file() else []
    engine = RulesEngine(FeedbackSettings(), None)  # type: ignore[arg-type]
    started = time.perf_counter()
    engine.load()
    print(f"load (templates): {1000 * (time.perf_counter() - started):.1f} ms")
    print(
        f"{'assessment':<32} {'words':>5} {'p50 ms':>8} {'p95 ms':>8} {'prompt chars':>13} {'~tokens':>8}"
    )
    for path in files:
        request = FeedbackRequest(
            assessment=PhonemeDiffResponse.model_validate_json(Path(path).read_text()),
            learner_l1="Mandarin",
            level="intermediate",
        )
        times = []
        for _ in range(args.n):
            t0 = time.perf_counter()
            engine.process(request)
            times.append(1000 * (time.perf_counter() - t0))
        times.sort()
        draft = engine.draft(request)
        messages = build_messages(engine.prompts, request, draft, engine.limits, "json_schema")
        chars = sum(len(m["content"]) for m in messages)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(
            f"{Path(path).stem:<32} {len(request.assessment.words):>5} "
            f"{statistics.median(times):>8.2f} {p95:>8.2f} {chars:>13} {chars // 4:>8}"
        )


if __name__ == "__main__":
    main()
