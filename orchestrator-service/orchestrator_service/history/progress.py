"""``GET /progress``: what a learner's stored attempts say about them over time."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from orchestrator_service.db.models import Attempt
from orchestrator_service.schemas import (
    Progress,
    ScorePoint,
    Substitution,
    WordCount,
    WordToPractise,
)

TOP = 10
_STRESS_DIGIT = re.compile(r"[012]$")


def _bare(phone: str) -> str:
    return _STRESS_DIGIT.sub("", phone)


def _key(word: str) -> str:
    return word.strip(".,;:!?\"'()").lower()


def progress_of(attempts: Sequence[Attempt]) -> Progress:
    """``attempts`` oldest first. Substitutions count phones the diff marked ``substituted``
    with a known realization (stress digits dropped, so AH0→AA1 counts as AH→AA); stress errors
    count words whose lexical-stress verdict was an error; words to practise are those with any
    error, most frequent first, with their accuracy in the latest attempt that had them."""
    subs: Counter[tuple[str, str]] = Counter()
    stress: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    last_accuracy: dict[str, float] = {}
    points = []
    for attempt in attempts:
        points.append(
            ScorePoint(
                at=attempt.created_at,
                overall=attempt.overall,
                accuracy=attempt.accuracy,
                stress=attempt.stress,
            )
        )
        words: list[dict[str, Any]] = attempt.result.get("words", [])
        for word in words:
            key = _key(word["text"])
            last_accuracy[key] = word["accuracy"]
            if word["error_type"] != "None":
                wrong[key] += 1
            if word["stress"]["applicable"] and word["stress"]["is_error"]:
                stress[key] += 1
            for phone in word["phones"]:
                if phone["status"] == "substituted" and phone["expected"] and phone["realized"]:
                    pair = (_bare(phone["expected"]), _bare(phone["realized"]))
                    if pair[0] != pair[1]:
                        subs[pair] += 1
    return Progress(
        attempts=len(attempts),
        scores_over_time=points,
        top_substitutions=[
            Substitution(expected=e, realized=r, count=n) for (e, r), n in subs.most_common(TOP)
        ],
        stress_errors=[WordCount(word=w, count=n) for w, n in stress.most_common(TOP)],
        words_to_practise=[
            WordToPractise(word=w, count=n, last_accuracy=last_accuracy[w])
            for w, n in wrong.most_common(TOP)
        ],
    )
