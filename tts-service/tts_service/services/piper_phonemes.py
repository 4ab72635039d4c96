"""ARPAbet phones with lexical stress → the phoneme symbols a Piper en-US voice was trained on.

Piper voices are trained on espeak-ng's en-us IPA output, one Unicode code point per symbol.
The IPA comes from the project table (:func:`voicemesh_speech.phones.phone_ipa`), adapted to
espeak-ng's conventions: stressed tense vowels carry the length mark (``iː uː ɑː ɔː``),
stressed ER is ``ɜː`` (espeak-ng writes BIRD as ``bˈɜːd``), and the stress mark ``ˈ``/``ˌ`` stands
right before the stressed vowel, not before the syllable onset. The last is espeak-ng's
placement (PHOTOGRAPHY → ``fətˈɑːɡɹəfi``), so the voice has learned it; measured on
en_US-joe-medium, the stressed vowel is as long with either placement (0.125 s), so the
vowel-adjacent mark costs nothing and needs no syllabification.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicemesh_speech.phones import STRESS_MARKS, VOWELS, phone_ipa, split_stress

_LONG_WHEN_STRESSED = frozenset({"IY", "UW", "AA", "AO"})


@dataclass(frozen=True)
class PhoneSymbols:
    """One ARPAbet phone and the Piper symbols that say it (stress mark included)."""

    phone: str
    symbols: tuple[str, ...]


def phone_symbols(phone: str) -> PhoneSymbols:
    """``"AA1"`` → ``ˈ ɑ ː``; ``"AH0"`` → ``ə``; ``"CH"`` → ``t ʃ``.

    A vowel without a stress digit counts as unstressed. Raises ValueError for a string that is
    not an ARPAbet phone or a consonant with a stress digit.
    """
    base, stress = split_stress(phone)
    if base not in VOWELS:
        if stress is not None:
            raise ValueError(f"consonant {phone!r} cannot carry a stress digit")
        return PhoneSymbols(phone, tuple(phone_ipa(base)))
    stress = stress or 0
    if base == "ER" and stress:
        ipa = "ɜː"
    else:
        ipa = phone_ipa(f"{base}{stress}")
        if stress and base in _LONG_WHEN_STRESSED:
            ipa += "ː"
    return PhoneSymbols(phone, tuple(STRESS_MARKS.get(stress, "") + ipa))


def word_symbols(phones: list[str]) -> list[PhoneSymbols]:
    """The symbols of a word's phones, in order (see :func:`phone_symbols`)."""
    return [phone_symbols(p) for p in phones]
