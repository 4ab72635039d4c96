"""One word's pronunciation → the contract's view: syllables with stress, IPA, primary
stress index."""

from __future__ import annotations

from phoneme_map_service.lexicon import Pronunciation
from phoneme_map_service.tokenizer import SpokenWord
from voicemesh.contracts.phoneme_map import Syllable, WordPronunciation
from voicemesh_speech.phones import STRESS_MARKS, is_vowel, phone_ipa, split_stress
from voicemesh_speech.syllables import syllabify


def syllable_stress(phones: list[str]) -> int:
    """Stress of a syllable's nucleus (0 when it has none)."""
    for phone in phones:
        if is_vowel(phone):
            return split_stress(phone)[1] or 0
    return 0


def syllable_ipa(phones: list[str], stress: int) -> str:
    """IPA of a syllable, ``ˈ``/``ˌ`` before it when stressed (``ˈloʊ``)."""
    return STRESS_MARKS.get(stress, "") + "".join(phone_ipa(p) for p in phones)


def stress_pattern(phones: list[str]) -> str:
    """Stress digits of the vowels in order: PHOTOGRAPHY → ``"0100"``."""
    return "".join(str(split_stress(p)[1] or 0) for p in phones if is_vowel(p))


def word_pronunciation(
    word: SpokenWord, pronunciation: Pronunciation, *, weak_form: bool
) -> WordPronunciation:
    """The contract's :class:`WordPronunciation` for a resolved word."""
    syllables = []
    for phones in syllabify(pronunciation.phones):
        stress = syllable_stress(phones)
        syllables.append(Syllable(phones=phones, stress=stress, ipa=syllable_ipa(phones, stress)))  # type: ignore[arg-type]
    primary = next((i for i, s in enumerate(syllables) if s.stress == 1), None)
    return WordPronunciation(
        text=word.text,
        word=word.key.upper(),
        phones=pronunciation.phones,
        variants=pronunciation.variants,
        syllables=syllables,
        primary_stress_index=primary,
        ipa="".join(s.ipa for s in syllables),
        source=pronunciation.source,
        weak_form=weak_form,
        token=word.token,
        token_index=word.token_index,
    )
