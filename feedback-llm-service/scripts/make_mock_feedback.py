"""Write ``tests/data/mock_feedback.json`` (the MOCK_MODE fixture) from a real run of the rules
engine on a measured assessment (speechocean762 utt 008130346, "it was a sufficient answer",
a Mandarin-L1 speaker who stressed SUF-fi-cient).

Run: ``.venv/bin/python feedback-llm-service/scripts/make_mock_feedback.py``
"""

from __future__ import annotations

from pathlib import Path

from feedback_llm_service.services.rules_engine import RulesEngine
from feedback_llm_service.settings import FeedbackSettings
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.paths import repo_root

SOURCE = Path(__file__).parents[1] / "tests" / "data" / "assessment_stress_error.json"


def main() -> None:
    engine = RulesEngine(FeedbackSettings(), None)  # type: ignore[arg-type]
    engine.load()
    request = FeedbackRequest(
        assessment=PhonemeDiffResponse.model_validate_json(SOURCE.read_text()),
        target_text="It was a sufficient answer.",
        learner_l1="Mandarin",
        level="intermediate",
    )
    response = engine.process(request)
    out = repo_root() / "tests" / "data" / "mock_feedback.json"
    out.write_text(response.model_dump_json(indent=1) + "\n")
    FeedbackResponse.model_validate_json(out.read_text())
    print(f"wrote {out}: {len(response.priorities)} priorities, {len(response.tips)} tips")


if __name__ == "__main__":
    main()
