"""Spelling views of the assessment's words: stress notation of a word and of the sentence."""

from __future__ import annotations

from feedback_llm_service.coaching.syllables import spelling_syllables, stress_notation
from voicemesh.contracts.phoneme_diff import WordAssessment
from voicemesh_speech.phones import phone_ipa, split_stress

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def ordinal(index: int) -> str:
    """0 → "first"."""
    return ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}th"


def primary_index(word: WordAssessment) -> int | None:
    """Expected primary-stress syllable; a one-syllable content word counts as stressed."""
    if word.stress.expected_primary is not None:
        return word.stress.expected_primary
    if word.weak_form:
        return None
    return 0 if len(word.stress.syllables) <= 1 else None


def pieces(word: WordAssessment) -> list[str]:
    """The word's letters split like its phone syllables (see coaching.syllables)."""
    return spelling_syllables(word.text, [s.phones for s in word.stress.syllables])


def example(word: WordAssessment) -> str:
    """``suf-FI-cient``; weak-form words stay lower case."""
    return stress_notation(pieces(word), primary_index(word))


def stressed_sentence(words: list[WordAssessment]) -> str:
    """The sentence with content words in stress notation and function words in lower case."""
    return " ".join(w.text.lower() if w.weak_form else example(w) for w in words)


def sound_name(phone: str) -> str:
    """``"TH"`` → ``"TH /θ/"`` (ARPAbet without stress digit plus IPA)."""
    base = split_stress(phone)[0]
    return f"{base} /{phone_ipa(base)}/"
