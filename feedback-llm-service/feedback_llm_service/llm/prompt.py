"""The chat messages of the openai engine, built from the seven templates in ``prompts/``.

system: ``system_stress``. user: ``unified_stress_prompt`` filled with the learner context, the
scores, ``stress_detection_prompt`` (with a per-syllable evidence table), the issue blocks the
rules engine rendered from ``stress_word_prompt``, ``stress_schwa_prompt``,
``sentence_stress_prompt`` and ``llm_feedback_base``, and the rules draft as JSON. No audio is
ever sent: only text and numbers from the assessment.
"""

from __future__ import annotations

import json

from feedback_llm_service.coaching import words as w
from feedback_llm_service.coaching.compose import ISSUE_KINDS, Draft, Limits
from feedback_llm_service.llm.schema import response_schema
from feedback_llm_service.templates import PromptSet
from voicemesh.contracts.feedback import FeedbackRequest
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse, WordAssessment

REPAIR_REQUEST = (
    "Your previous answer could not be used: {errors}. Reply again with only the corrected JSON "
    "object, following the same instructions."
)


def _num(value: float | None, fmt: str, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:{fmt}}{unit}"


def _evidence_rows(word: WordAssessment) -> list[str]:
    verdict = word.stress
    verdict_text = (
        f"flagged as wrongly stressed (p = {verdict.error_probability:.2f})"
        if verdict.is_error
        else f"stressed as expected (p(error) = {verdict.error_probability:.2f})"
    )
    rows = [f"- {word.text}: expected {w.example(word)}; {verdict_text}"]
    peak = max(range(len(verdict.syllables)), key=lambda i: verdict.syllables[i].prominence)
    for i, (piece, syl) in enumerate(zip(w.pieces(word), verdict.syllables, strict=False)):
        rows.append(
            f"    {piece.lower():<8} {' '.join(syl.phones):<14} stress {syl.expected_stress}  "
            f"duration z {_num(syl.duration_z, '+.2f')}  intensity {_num(syl.intensity_db, '.1f', ' dB')}  "
            f"F0 {_num(syl.f0_hz, '.0f', ' Hz')}  prominence {syl.prominence:+.2f}"
            + ("  *" if i == peak else "")
        )
    return rows


def evidence_table(assessment: PhonemeDiffResponse) -> str:
    """Per-syllable prosody of the words checked for lexical stress."""
    rows: list[str] = []
    for word in assessment.words:
        if word.stress.applicable and word.stress.syllables:
            rows += _evidence_rows(word)
    return "\n".join(rows) or "(no word of two or more syllables was checked)"


def _scores(assessment: PhonemeDiffResponse) -> str:
    s = assessment.scores
    return (
        f"overall {s.overall:.0f}, accuracy {s.accuracy:.0f}, lexical stress {s.stress:.0f}, "
        f"fluency {s.fluency:.0f}, completeness {s.completeness:.0f}"
    )


def output_format(mode: str) -> str:
    if mode == "json_object":
        schema = json.dumps(response_schema(), ensure_ascii=False, separators=(",", ":"))
        return f"Answer with the JSON object only. It must validate against this JSON schema:\n{schema}"
    return "Answer with the JSON object only; it is checked against the response schema."


def build_messages(
    prompts: PromptSet, request: FeedbackRequest, draft: Draft, limits: Limits, mode: str
) -> list[dict[str, str]]:
    """``[system, user]`` messages; ``mode`` is ``json_schema`` or ``json_object`` (then the
    schema is spelled out in the prompt)."""
    limits = limits.for_level(request.level)
    assessment = request.assessment
    checked = [x.text for x in assessment.words if x.stress.applicable]
    wrong = [x.text for x in assessment.words if x.stress.applicable and x.stress.is_error]
    stress_detection = prompts.render(
        "stress_detection_prompt",
        stress_score=f"{assessment.scores.stress:.0f}",
        checked_words=", ".join(checked) or "none",
        error_words=", ".join(wrong) or "none",
        evidence_table=evidence_table(assessment),
    )
    observations = "\n\n".join(f"{n}. {block.strip()}" for n, block in enumerate(draft.blocks, 1))
    draft_json = draft.response.model_dump_json(
        exclude={"engine", "fallback_used", "fallback_reason"}, indent=1
    )
    user = prompts.render(
        "unified_stress_prompt",
        learner_l1=request.learner_l1 or "not given",
        level=request.level or "not given",
        target_text=request.target_text or " ".join(x.text for x in assessment.words),
        transcript=request.transcript or "(not available)",
        scores=_scores(assessment),
        stress_detection=stress_detection.strip(),
        observations=observations or "None: no error was measured in this reading.",
        draft_json=draft_json,
        max_priorities=limits.priorities,
        max_tips=limits.tips,
        max_drills=limits.drills,
        issue_kinds=", ".join(ISSUE_KINDS),
        output_format=output_format(mode),
    )
    system = prompts.render("system_stress", max_priorities=limits.priorities, max_tips=limits.tips)
    return [
        {"role": "system", "content": system.strip()},
        {"role": "user", "content": user.strip()},
    ]
