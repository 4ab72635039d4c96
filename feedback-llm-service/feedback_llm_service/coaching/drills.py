"""Drills for the ranked issues: stress-pattern practice words, minimal pairs, sentences."""

from __future__ import annotations

from collections.abc import Callable

from feedback_llm_service.coaching import words as w
from feedback_llm_service.coaching.contrasts import (
    FINAL_CONSONANTS,
    SCHWA_PRACTICE,
    SENTENCE_PRACTICE,
    STRESS_PATTERN_WORDS,
    STRESS_SHIFT_FAMILIES,
    Contrast,
    stress_pattern,
)
from feedback_llm_service.coaching.issues import Issue
from voicemesh.contracts.feedback import Drill
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse

MAX_ITEMS = 8
# (word, (target, partner), limit) → extra "word / partner" pairs; see coaching.phoneme_map.
PairLookup = Callable[[str, tuple[str, str], int], list[str]]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))[:MAX_ITEMS]


def stress_drill(issues: list[Issue], assessment: PhonemeDiffResponse) -> Drill:
    words = [assessment.words[i.word_index] for i in issues]
    first = words[0]
    pattern = stress_pattern(len(first.stress.syllables), w.primary_index(first))
    practice = STRESS_PATTERN_WORDS.get(pattern, STRESS_SHIFT_FAMILIES)
    focus = f"stress pattern {pattern} (like {w.example(first)})"
    return Drill(
        kind="words", focus=focus, items=_unique([w.example(x) for x in words] + list(practice))
    )


def schwa_drill(issues: list[Issue], assessment: PhonemeDiffResponse) -> Drill:
    own = [w.example(assessment.words[i.word_index]) for i in issues]
    return Drill(
        kind="words",
        focus="short schwa /ə/ in unstressed syllables",
        items=_unique(own + list(SCHWA_PRACTICE)),
    )


def sentence_drill(assessment: PhonemeDiffResponse, focus: str) -> Drill:
    sentence = w.stressed_sentence(assessment.words)
    return Drill(kind="sentence", focus=focus, items=_unique([sentence, *SENTENCE_PRACTICE]))


def contrast_drill(
    contrast: Contrast,
    issues: list[Issue],
    assessment: PhonemeDiffResponse,
    lookup: PairLookup | None,
) -> Drill:
    items: list[str] = []
    for issue in issues:
        text = assessment.words[issue.word_index].text.lower()
        items += [f"{a} / {b}" for a, b in contrast.minimal_pairs if text in (a, b)]
        if lookup is not None:
            items += lookup(text, (contrast.target, contrast.partner), 4)
    items += [f"{a} / {b}" for a, b in contrast.minimal_pairs]
    return Drill(kind="minimal_pairs", focus=contrast.label, items=_unique(items))


def final_consonant_drill(issues: list[Issue]) -> Drill:
    devoiced = all(i.change == "devoiced" for i in issues)
    pairs = FINAL_CONSONANTS.voicing_pairs if devoiced else FINAL_CONSONANTS.dropped_pairs
    focus = "voiced final consonants (bed / bet)" if devoiced else "say the final consonant"
    return Drill(kind="minimal_pairs", focus=focus, items=_unique([f"{a} / {b}" for a, b in pairs]))


def words_drill(issues: list[Issue], assessment: PhonemeDiffResponse) -> Drill:
    sounds = sorted({w.sound_name(i.expected) for i in issues if i.expected})
    focus = "the sounds " + ", ".join(sounds) if sounds else "clear sounds"
    return Drill(
        kind="words",
        focus=focus,
        items=_unique([w.example(assessment.words[i.word_index]) for i in issues]),
    )


def drills_for(
    ranked_kinds: list[str],
    issues: list[Issue],
    assessment: PhonemeDiffResponse,
    limit: int,
    lookup: PairLookup | None = None,
) -> list[Drill]:
    """One drill per issue kind in rank order (one per contrast for sounds), then a sentence
    drill when stress was an issue; a reading without issues gets rhythm drills."""
    drills: list[Drill] = []
    for kind in ranked_kinds:
        group = [i for i in issues if i.kind == kind]
        if kind == "lexical_stress":
            drills.append(stress_drill(group, assessment))
        elif kind == "reduced_vowel":
            drills.append(schwa_drill(group, assessment))
        elif kind == "sentence_stress":
            drills.append(
                sentence_drill(assessment, "beat on content words, weak forms for the rest")
            )
        elif kind == "final_consonant":
            drills.append(final_consonant_drill(group))
        elif kind == "missing_word":
            drills.append(sentence_drill(assessment, "say every word, small ones too"))
        elif any(i.contrast for i in group):
            contrasts = dict.fromkeys(i.contrast for i in group if i.contrast)
            for contrast in contrasts:
                mine = [i for i in group if i.contrast == contrast]
                drills.append(contrast_drill(contrast, mine, assessment, lookup))
        else:
            drills.append(words_drill(group, assessment))
    if not issues:
        drills.append(sentence_drill(assessment, "keep this rhythm: beat on content words"))
        drills.append(
            Drill(
                kind="words",
                focus="stress that moves with the word form",
                items=list(STRESS_SHIFT_FAMILIES),
            )
        )
    elif {"lexical_stress", "reduced_vowel"} & set(ranked_kinds) and not any(
        d.kind == "sentence" for d in drills
    ):
        drills.append(sentence_drill(assessment, "the corrected words in the sentence"))
    unique = list({(d.kind, d.focus): d for d in drills}.values())
    return unique[:limit]
