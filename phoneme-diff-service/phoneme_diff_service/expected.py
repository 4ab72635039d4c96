"""The expected side of the diff: each word's phones with their syllables, syllable nuclei and
expected lexical stress, lined up with the aligner's phones.

Built from phoneme-map's :class:`WordPronunciation` (the service request) or from canonical
corpus phones (score-corpus, training). The phones the aligner saw are the reference: when the
pronunciation's syllables do not cover exactly those phones, syllables are rebuilt from them
(one syllable per vowel, stress digits from the phones).
"""

from __future__ import annotations

from dataclasses import dataclass

from voicemesh.contracts.alignment import AlignedWord
from voicemesh.contracts.phoneme_map import WordPronunciation
from voicemesh.phones import PHONES, VOWELS

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def phone_base(phone: str) -> str:
    """``"AH0"`` → ``"AH"``; tolerant of corpus quirks (a vowel without its digit)."""
    return phone.rstrip("012")


def phone_stress(phone: str) -> int | None:
    """Stress digit 0/1/2 of a vowel, None for consonants and digit-less vowels."""
    return int(phone[-1]) if phone[-1:] in ("0", "1", "2") else None


def is_vowel_phone(phone: str) -> bool:
    return phone_base(phone) in VOWELS


def is_known_phone(phone: str) -> bool:
    return phone_base(phone) in PHONES


@dataclass(frozen=True)
class SyllableSpec:
    """One expected syllable. ``nucleus`` indexes the word's phones (the vowel)."""

    phones: tuple[str, ...]
    stress: int
    nucleus: int


@dataclass(frozen=True)
class WordSpec:
    """One expected word: ``phones`` are the phones the aligner was given (same order)."""

    text: str
    phones: tuple[str, ...]
    syllables: tuple[SyllableSpec, ...]
    primary: int | None
    weak_form: bool
    ipa: str

    @property
    def multisyllabic(self) -> bool:
        return len(self.syllables) >= 2


def syllables_from_phones(
    phones: list[str], stresses: list[int] | None = None
) -> tuple[SyllableSpec, ...]:
    """One syllable per vowel; consonants between two vowels go to the following syllable
    (a plain onset-first split, used only when no syllabification is given).
    ``stresses`` overrides the vowels' digits, one per vowel."""
    vowel_idx = [i for i, p in enumerate(phones) if is_vowel_phone(p)]
    if not vowel_idx:
        return ()
    out = []
    for k, v in enumerate(vowel_idx):
        begin = 0 if k == 0 else vowel_idx[k - 1] + 1
        end = len(phones) if k == len(vowel_idx) - 1 else vowel_idx[k + 1]
        # consonants after this vowel up to the next vowel: all but onset go to the next
        # syllable; keep it simple: the coda of a non-final syllable is empty.
        stop = end if k == len(vowel_idx) - 1 else v + 1
        start = begin
        stress = stresses[k] if stresses is not None else (phone_stress(phones[v]) or 0)
        out.append(SyllableSpec(tuple(phones[start:stop]), int(stress), v))
    return tuple(out)


def primary_index(syllables: tuple[SyllableSpec, ...]) -> int | None:
    """Index of the syllable with primary stress (1); else the first secondary (2); else None."""
    for level in (1, 2):
        for i, syl in enumerate(syllables):
            if syl.stress == level:
                return i
    return None


def spec_from_pronunciation(wp: WordPronunciation, aligned: AlignedWord) -> WordSpec:
    """Line up a phoneme-map pronunciation with the phones the aligner was given."""
    aligned_phones = [p.phone for p in aligned.phones] or list(wp.phones)
    syl_phones = [p for s in wp.syllables for p in s.phones]
    if syl_phones == aligned_phones and wp.syllables:
        syllables = []
        offset = 0
        for s in wp.syllables:
            nucleus = next(
                (offset + j for j, p in enumerate(s.phones) if is_vowel_phone(p)), offset
            )
            syllables.append(SyllableSpec(tuple(s.phones), int(s.stress), nucleus))
            offset += len(s.phones)
        syl = tuple(x for x in syllables if is_vowel_phone(aligned_phones[x.nucleus]))
    else:
        syl = syllables_from_phones(aligned_phones)
    return WordSpec(
        text=wp.text,
        phones=tuple(aligned_phones),
        syllables=syl,
        primary=primary_index(syl),
        weak_form=wp.weak_form,
        ipa=wp.ipa,
    )
