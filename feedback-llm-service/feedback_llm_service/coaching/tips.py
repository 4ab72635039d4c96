"""One issue → the variables of its template → a Tip (problem, how to fix, example)."""

from __future__ import annotations

from feedback_llm_service.coaching import words as w
from feedback_llm_service.coaching.contrasts import (
    FINAL_CONSONANTS,
    STRESS_L1_NOTES,
    Contrast,
    l1_key,
)
from feedback_llm_service.coaching.issues import Issue
from feedback_llm_service.templates import PromptSet, labelled_fields
from voicemesh.contracts.feedback import FeedbackRequest, Tip
from voicemesh.contracts.phoneme_diff import WordAssessment
from voicemesh_speech.phones import phone_ipa

TEMPLATE_OF_KIND = {
    "lexical_stress": "stress_word_prompt",
    "reduced_vowel": "stress_schwa_prompt",
    "sentence_stress": "sentence_stress_prompt",
}  # every other kind (the sounds, missing words) uses llm_feedback_base

_WHY = {
    "final_consonant": "English uses final consonants to tell words apart (pay / paid) and to "
    "mark past tense and plurals.",
    "other_sound": "Clear sounds make each word easier to recognise.",
    "missing_word": "Even small words carry meaning and keep the rhythm of the sentence.",
}


def _l1_note(request: FeedbackRequest, languages: frozenset[str]) -> str:
    lang = l1_key(request.learner_l1, languages)
    if lang is None:
        return ""
    return (
        f" This sound is often hard for {lang.capitalize()} speakers, so a few minutes of "
        "daily practice pays off."
    )


def _pair_with(word: str, contrast: Contrast) -> tuple[str, str] | None:
    lower = word.lower()
    return next((p for p in contrast.minimal_pairs if lower in p), None)


def stress_word_values(
    issue: Issue, word: WordAssessment, request: FeedbackRequest
) -> dict[str, object]:
    verdict = word.stress
    parts = w.pieces(word)
    expected = verdict.expected_primary or 0
    detected = verdict.detected_primary
    if detected is None or detected == expected or detected >= len(parts):
        detected_text = f"no syllable stood out clearly ({'-'.join(p.lower() for p in parts)})"
    else:
        detected_text = (
            f"you stressed the {w.ordinal(detected)} syllable instead: "
            f"{'-'.join(p.upper() if i == detected else p.lower() for i, p in enumerate(parts))}"
        )
    lang = l1_key(request.learner_l1, set(STRESS_L1_NOTES))
    return {
        "word": word.text,
        "error_probability": f"{verdict.error_probability:.2f}",
        "syllable_count": len(parts),
        "expected_ordinal": w.ordinal(expected),
        "expected_syllables": w.example(word),
        "detected_syllables": detected_text,
        "stressed_syllable": parts[expected].upper() if expected < len(parts) else word.text,
        "l1_note": f" {STRESS_L1_NOTES[lang]}" if lang else "",
    }


def schwa_values(issue: Issue, word: WordAssessment, request: FeedbackRequest) -> dict[str, object]:
    parts = w.pieces(word)
    primary = w.primary_index(word)
    index = issue.syllable_index if issue.syllable_index is not None else 0
    syllable = parts[index].lower() if index < len(parts) else word.text.lower()
    if issue.change == "full_vowel" and issue.realized:
        heard = f"it was said with the full vowel {issue.realized} /{phone_ipa(issue.realized)}/"
    else:
        heard = "it was long and as strong as the stressed syllable"
    stressed = parts[primary].upper() if primary is not None and primary < len(parts) else ""
    return {
        "word": word.text,
        "expected_syllables": w.example(word),
        "syllable": syllable,
        "heard": heard,
        "stressed_syllable": stressed or w.example(word),
    }


def sentence_values(flagged: list[str], request: FeedbackRequest) -> dict[str, object]:
    return {
        "function_words": ", ".join(f'"{t}"' for t in dict.fromkeys(flagged)),
        "stressed_sentence": w.stressed_sentence(request.assessment.words),
    }


def _what_happened(issue: Issue) -> str:
    exp = w.sound_name(issue.expected) if issue.expected else "a sound"
    real = w.sound_name(issue.realized) if issue.realized else None
    if issue.kind == "missing_word":
        return "the word was not heard"
    if issue.change == "deleted":
        return f"the {exp} sound was left out"
    if issue.change == "added_vowel":
        return f"an extra vowel was added after the final {exp}"
    if issue.change == "devoiced":
        return f"the final {exp} lost its voice and sounded like {real}"
    if real:
        return f"the {exp} sound came out as {real}"
    return f"the {exp} sound was not clear"


def base_values(issue: Issue, word: WordAssessment, request: FeedbackRequest) -> dict[str, object]:
    example = w.example(word)
    contrast = issue.contrast
    if contrast is not None:
        pair = _pair_with(word.text, contrast) or contrast.minimal_pairs[0]
        own = _pair_with(word.text, contrast)
        why = (
            f'Listeners may hear "{own[1] if own[0] == word.text.lower() else own[0]}" '
            f'instead of "{word.text.lower()}".'
            if own
            else f'Listeners may hear a different word ("{pair[0]}" or "{pair[1]}").'
        )
        return {
            "word": word.text,
            "issue": contrast.label,
            "what_happened": _what_happened(issue),
            "why_it_matters": why,
            "how_to_fix": contrast.how_to_fix,
            "example_pair": f'"{pair[0]} / {pair[1]}"',
            "example": example,
            "l1_note": _l1_note(request, contrast.common_l1),
        }
    if issue.kind == "final_consonant":
        fc = FINAL_CONSONANTS
        fix = {
            "added_vowel": fc.how_to_fix_added_vowel,
            "devoiced": fc.how_to_fix_devoiced,
        }.get(issue.change, fc.how_to_fix_dropped)
        pair = fc.voicing_pairs[0] if issue.change == "devoiced" else fc.dropped_pairs[0]
        label = f"final consonant {w.sound_name(issue.expected or 'T')}"
        return {
            "word": word.text,
            "issue": label,
            "what_happened": _what_happened(issue),
            "why_it_matters": _WHY["final_consonant"],
            "how_to_fix": fix,
            "example_pair": f'"{pair[0]} / {pair[1]}"',
            "example": example,
            "l1_note": _l1_note(request, fc.common_l1),
        }
    missing = issue.kind == "missing_word"
    return {
        "word": word.text,
        "issue": "word left out"
        if missing
        else f"the {w.sound_name(issue.expected or 'AH')} sound",
        "what_happened": _what_happened(issue),
        "why_it_matters": _WHY["missing_word" if missing else "other_sound"],
        "how_to_fix": (
            "Read the sentence again slowly and say every word, including the small ones."
            if missing
            else "Listen to the model pronunciation, copy the sound slowly on its own, then in "
            "the word."
        ),
        "example_pair": "the model pronunciation",
        "example": example,
        "l1_note": "",
    }


def render_issue(
    prompts: PromptSet, issue: Issue, request: FeedbackRequest, flagged: list[str]
) -> str:
    """The filled template block of one issue (heading, ``problem:`` and ``fix:`` lines)."""
    word = request.assessment.words[issue.word_index]
    template = TEMPLATE_OF_KIND.get(issue.kind, "llm_feedback_base")
    if issue.kind == "lexical_stress":
        values = stress_word_values(issue, word, request)
    elif issue.kind == "reduced_vowel":
        values = schwa_values(issue, word, request)
    elif issue.kind == "sentence_stress":
        values = sentence_values(flagged, request)
    else:
        values = base_values(issue, word, request)
    return prompts.render(template, **values)


def tip_from_block(issue: Issue, request: FeedbackRequest, block: str) -> Tip:
    fields = labelled_fields(block)
    word = request.assessment.words[issue.word_index]
    return Tip(
        word=word.text,
        problem=fields.get("problem", ""),
        how_to_fix=fields.get("fix", ""),
        example=w.example(word),
    )
