"""What the LLM must answer: FeedbackResponse without the fields the service sets itself
(``engine``, ``fallback_used``, ``fallback_reason``), and the checks on its answer."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from feedback_llm_service.coaching.compose import Limits
from voicemesh.contracts.common import Contract
from voicemesh.contracts.feedback import Drill, Priority, Tip
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.errors import describe_validation_errors

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class LLMFeedback(Contract):
    summary: str
    priorities: list[Priority]
    tips: list[Tip]
    drills: list[Drill]
    encouragement: str


class InvalidAnswer(ValueError):
    """The LLM's answer is not JSON, does not match the schema, or names words that are not in
    the sentence. The message lists what is wrong (for the repair request)."""


def response_schema() -> dict[str, Any]:
    """JSON schema of :class:`LLMFeedback` (every object closed and every field required, as
    OpenAI's strict structured outputs demand)."""
    return LLMFeedback.model_json_schema()


def response_format(mode: str) -> dict[str, Any]:
    """The ``response_format`` argument of chat.completions for ``json_schema`` or
    ``json_object`` mode."""
    if mode == "json_object":
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "pronunciation_feedback",
            "schema": response_schema(),
            "strict": True,
        },
    }


def _norm(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower())


def parse_answer(
    content: str | None, assessment: PhonemeDiffResponse, limits: Limits
) -> LLMFeedback:
    """Parse and check an answer; ranks are renumbered 1..n in the model's order and lists are
    cut to ``limits``. Raises :class:`InvalidAnswer`."""
    if not content or not content.strip():
        raise InvalidAnswer("the answer was empty")
    fenced = _FENCE.match(content)
    text = fenced.group(1) if fenced else content
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(f"the answer is not valid JSON ({exc.msg} at char {exc.pos})") from None
    try:
        feedback = LLMFeedback.model_validate(data)
    except ValidationError as exc:
        raise InvalidAnswer(describe_validation_errors(exc.errors())) from None
    known = {_norm(w.text) for w in assessment.words}
    problems = [
        f"tips.{i}.word is not a word of the sentence"
        for i, tip in enumerate(feedback.tips)
        if _norm(tip.word) not in known
    ]
    problems += [
        f"priorities.{i}.words has words that are not in the sentence"
        for i, p in enumerate(feedback.priorities)
        if any(_norm(w) not in known for w in p.words)
    ]
    if problems:
        raise InvalidAnswer("; ".join(problems[:8]))
    priorities = sorted(feedback.priorities, key=lambda p: p.rank)[: limits.priorities]
    return feedback.model_copy(
        update={
            "priorities": [p.model_copy(update={"rank": n}) for n, p in enumerate(priorities, 1)],
            "tips": feedback.tips[: limits.tips],
            "drills": feedback.drills[: limits.drills],
        }
    )
