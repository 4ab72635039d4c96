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
from voicemesh_speech.phones import base_phone, is_vowel, split_stress


def phone_stress(phone: str) -> int | None:
    """Stress digit 0/1/2 of a vowel, None for consonants and digit-less vowels."""
    return split_stress(phone)[1]


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


def syllables_from_phones(phones: list[str]) -> tuple[SyllableSpec, ...]:
    """Fallback syllables when no syllabification fits: one per vowel, the consonants before a
    vowel forming its onset (word-final consonants close the last syllable)."""
    vowel_idx = [i for i, p in enumerate(phones) if is_vowel(p)]
    out = []
    for k, v in enumerate(vowel_idx):
        begin = 0 if k == 0 else vowel_idx[k - 1] + 1
        stop = len(phones) if k == len(vowel_idx) - 1 else v + 1
        out.append(SyllableSpec(tuple(phones[begin:stop]), phone_stress(phones[v]) or 0, v))
    return tuple(out)


def primary_index(syllables: tuple[SyllableSpec, ...]) -> int | None:
    """Index of the syllable with primary stress (1); else the first secondary (2); else None."""
    for level in (1, 2):
        for i, syl in enumerate(syllables):
            if syl.stress == level:
                return i
    return None


def spec_from_pronunciation(wp: WordPronunciation, aligned: AlignedWord) -> WordSpec:
    """Line up a phoneme-map pronunciation with the phones the aligner was given. The
    pronunciation's syllables are used when they hold the same phones (stress digits may
    differ: the aligner ignores them); otherwise syllables are rebuilt from the aligned phones."""
    aligned_phones = [p.phone for p in aligned.phones] if aligned.aligned else list(wp.phones)
    syl_phones = [p for s in wp.syllables for p in s.phones]
    if wp.syllables and [base_phone(p) for p in syl_phones] == [
        base_phone(p) for p in aligned_phones
    ]:
        syllables = []
        offset = 0
        for s in wp.syllables:
            nucleus = next((offset + j for j, p in enumerate(s.phones) if is_vowel(p)), None)
            if nucleus is not None:
                syllables.append(SyllableSpec(tuple(s.phones), int(s.stress), nucleus))
            offset += len(s.phones)
        phones, syl = syl_phones, tuple(syllables)
    else:
        phones, syl = aligned_phones, syllables_from_phones(aligned_phones)
    return WordSpec(
        text=wp.text,
        phones=tuple(phones),
        syllables=syl,
        primary=primary_index(syl),
        weak_form=wp.weak_form,
        ipa=wp.ipa,
    )
