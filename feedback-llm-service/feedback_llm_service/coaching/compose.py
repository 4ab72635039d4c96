"""Issues → ranked priorities, tips, drills, summary and encouragement (deterministic)."""

from __future__ import annotations

from dataclasses import dataclass

from feedback_llm_service.coaching.drills import PairLookup, drills_for
from feedback_llm_service.coaching.issues import SEVERITY_RANK, Issue, find_issues
from feedback_llm_service.coaching.tips import render_issue, tip_from_block
from feedback_llm_service.templates import PromptSet
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse, Priority, Tip
from voicemesh.contracts.phoneme_diff import UtteranceScores

# Tie-break order of categories: the service coaches stress first, then the sounds.
ISSUE_KINDS: tuple[str, ...] = (
    "lexical_stress",
    "sentence_stress",
    "reduced_vowel",
    "th_sound",
    "v_w_sound",
    "r_l_sound",
    "vowel_length",
    "final_consonant",
    "other_sound",
    "missing_word",
)
_DESCRIPTION = {
    "lexical_stress": "The stress fell on the wrong syllable",
    "sentence_stress": "Small function words were stressed like content words",
    "reduced_vowel": "Unstressed vowels were full instead of a short schwa /ə/",
    "th_sound": "The TH sounds /θ/ and /ð/ were replaced by other sounds",
    "v_w_sound": "V /v/ was confused with W or B",
    "r_l_sound": "R and L were confused",
    "vowel_length": "Short IH /ɪ/ and long IY /i/ were confused",
    "final_consonant": "Final consonants were dropped, devoiced or followed by an extra vowel",
    "other_sound": "Some sounds were unclear",
    "missing_word": "Words were left out",
}
_FOCUS = {
    "lexical_stress": "word stress",
    "sentence_stress": "sentence rhythm",
    "reduced_vowel": "short, weak vowels in unstressed syllables",
    "th_sound": "the TH sound",
    "v_w_sound": "the V sound",
    "r_l_sound": "R and L",
    "vowel_length": "the ship/sheep vowels",
    "final_consonant": "final consonants",
    "other_sound": "a few unclear sounds",
    "missing_word": "saying every word",
}
# Limits by level: beginners get fewer, simpler points (priorities, tips, drills).
_LEVEL_CAPS = {"beginner": (2, 3, 3)}


@dataclass(frozen=True)
class Limits:
    priorities: int
    tips: int
    drills: int

    def for_level(self, level: str | None) -> Limits:
        cap = _LEVEL_CAPS.get(level or "")
        if cap is None:
            return self
        return Limits(
            min(self.priorities, cap[0]), min(self.tips, cap[1]), min(self.drills, cap[2])
        )


def rank_kinds(issues: list[Issue]) -> list[str]:
    """Issue categories by severity (highest first), then frequency, then :data:`ISSUE_KINDS`
    order, then the position of the first word."""
    kinds = dict.fromkeys(i.kind for i in issues)

    def key(kind: str) -> tuple[int, int, int, int]:
        group = [i for i in issues if i.kind == kind]
        worst = max(SEVERITY_RANK[i.severity] for i in group)
        return (-worst, -len(group), ISSUE_KINDS.index(kind), min(i.word_index for i in group))

    return sorted(kinds, key=key)


def priorities_for(ranked: list[str], issues: list[Issue]) -> list[Priority]:
    out = []
    for rank, kind in enumerate(ranked, start=1):
        group = [i for i in issues if i.kind == kind]
        words = list(dict.fromkeys(i.word for i in group))
        count = f"{len(words)} word" + ("s" if len(words) != 1 else "")
        out.append(
            Priority(
                rank=rank,
                issue=kind,
                description=f"{_DESCRIPTION[kind]} ({count}).",
                words=words,
                severity=max((i.severity for i in group), key=SEVERITY_RANK.__getitem__),
            )
        )
    return out


def summary_for(scores: UtteranceScores, priorities: list[Priority]) -> str:
    overall = round(scores.overall)
    if not priorities:
        return (
            f"Clear reading: every word was recognisable and stressed on the right syllable "
            f"(overall {overall}/100)."
        )
    head = (
        f"Overall {overall}/100 (accuracy {round(scores.accuracy)}, stress "
        f"{round(scores.stress)}, fluency {round(scores.fluency)})."
    )
    first = priorities[0]
    words = ", ".join(f'"{x}"' for x in first.words[:3])
    text = f"{head} Work first on {_FOCUS[first.issue]} ({words})"
    if len(priorities) > 1:
        text += f", then on {_FOCUS[priorities[1].issue]}"
    return text + "."


def encouragement_for(scores: UtteranceScores) -> str:
    overall = scores.overall
    if overall >= 90:
        opening = "Excellent: this reading would be easy to follow for any listener."
    elif overall >= 75:
        opening = "Good work: most of the sentence was clear, and a little practice on the points above will make it smoother."
    elif overall >= 50:
        opening = "You're on the right track: fix the first priority and the whole sentence will sound clearer."
    else:
        opening = "Every recording helps: slow down, take one priority at a time, and you will hear the difference."
    areas = {
        "accuracy": scores.accuracy,
        "stress": scores.stress,
        "fluency": scores.fluency,
        "completeness": scores.completeness,
    }
    best = max(areas, key=lambda k: areas[k])  # first of equals, in this order
    return f"{opening} Your strongest area was {best} ({round(areas[best])}/100)."


@dataclass(frozen=True)
class Draft:
    """The rules result plus the filled issue blocks (the LLM prompt reuses them)."""

    response: FeedbackResponse
    blocks: list[str]
    issues: list[Issue]


def compose(
    request: FeedbackRequest,
    prompts: PromptSet,
    limits: Limits,
    engine: EngineInfo,
    pair_lookup: PairLookup | None = None,
) -> Draft:
    """The rules engine's feedback for ``request``; same input, same output (with
    ``pair_lookup`` set, as long as phoneme-map answers the same)."""
    limits = limits.for_level(request.level)
    issues = find_issues(request.assessment)
    ranked = rank_kinds(issues)
    priorities = priorities_for(ranked, issues)
    flagged = [i.word for i in issues if i.kind == "sentence_stress"]
    blocks: list[str] = []
    tips: list[Tip] = []
    seen: set[tuple[str, str]] = set()
    for kind in ranked[: limits.priorities]:
        for issue in (i for i in issues if i.kind == kind):
            # one tip per word and category; one tip for the whole sentence's rhythm
            key = (kind, "" if kind == "sentence_stress" else issue.word)
            if key in seen:
                continue
            seen.add(key)
            block = render_issue(prompts, issue, request, flagged)
            blocks.append(block)
            tips.append(tip_from_block(issue, request, block))
    response = FeedbackResponse(
        summary=summary_for(request.assessment.scores, priorities),
        priorities=priorities[: limits.priorities],
        tips=tips[: limits.tips],
        drills=drills_for(
            ranked[: limits.priorities], issues, request.assessment, limits.drills, pair_lookup
        ),
        encouragement=encouragement_for(request.assessment.scores),
        engine=engine,
    )
    return Draft(response, blocks, issues)
