"""The phone set: ARPAbet as used by CMUdict (39 phones; vowels carry lexical stress digits
0 unstressed, 1 primary, 2 secondary) and the one ARPAbet ↔ IPA table of the project.

IPA follows General American broad transcription as in Wikipedia's "ARPABET" article and the
CMU Pronouncing Dictionary documentation; AH0 is the schwa /ə/ and ER0 the r-coloured schwa /ɚ/.
"""

from __future__ import annotations

import re

VOWELS: frozenset[str] = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
CONSONANTS: frozenset[str] = frozenset(
    "B CH D DH F G HH JH K L M N NG P R S SH T TH V W Y Z ZH".split()
)
PHONES: frozenset[str] = VOWELS | CONSONANTS

ARPABET_TO_IPA: dict[str, str] = {
    "AA": "ɑ",
    "AE": "æ",
    "AH": "ʌ",
    "AO": "ɔ",
    "AW": "aʊ",
    "AY": "aɪ",
    "EH": "ɛ",
    "ER": "ɝ",
    "EY": "eɪ",
    "IH": "ɪ",
    "IY": "i",
    "OW": "oʊ",
    "OY": "ɔɪ",
    "UH": "ʊ",
    "UW": "u",
    "B": "b",
    "CH": "tʃ",
    "D": "d",
    "DH": "ð",
    "F": "f",
    "G": "ɡ",
    "HH": "h",
    "JH": "dʒ",
    "K": "k",
    "L": "l",
    "M": "m",
    "N": "n",
    "NG": "ŋ",
    "P": "p",
    "R": "ɹ",
    "S": "s",
    "SH": "ʃ",
    "T": "t",
    "TH": "θ",
    "V": "v",
    "W": "w",
    "Y": "j",
    "Z": "z",
    "ZH": "ʒ",
}
# Unstressed variants with their own IPA symbol.
_UNSTRESSED_IPA = {"AH": "ə", "ER": "ɚ"}
IPA_TO_ARPABET: dict[str, str] = {ipa: arpa for arpa, ipa in ARPABET_TO_IPA.items()} | {
    "ə": "AH",
    "ɚ": "ER",
    "ɐ": "AH",
    "ɾ": "T",
    "ɹ̩": "ER",
    "r": "R",
    "ɜ": "ER",
    "ɒ": "AA",
    "o": "OW",
    "e": "EY",
    "ᵻ": "IH",
    "ɫ": "L",
    "ʔ": "T",
    "g": "G",
    "ɪ̈": "IH",
    "i:": "IY",
    "u:": "UW",
    "ɑ:": "AA",
    "ɔ:": "AO",
    "ɜ:": "ER",
    "a": "AA",
}
STRESS_MARKS = {1: "ˈ", 2: "ˌ"}
_PHONE = re.compile(r"^([A-Z]{1,2})([012])?$")


def split_stress(phone: str) -> tuple[str, int | None]:
    """``"AH0"`` → ``("AH", 0)``; consonants → ``(phone, None)``. Raises ValueError if unknown."""
    match = _PHONE.match(phone)
    if not match or match.group(1) not in PHONES:
        raise ValueError(f"not an ARPAbet phone: {phone!r}")
    base, digit = match.group(1), match.group(2)
    return base, (int(digit) if digit is not None else None)


def base_phone(phone: str) -> str:
    """The phone without its stress digit."""
    return split_stress(phone)[0]


def is_vowel(phone: str) -> bool:
    return split_stress(phone)[0] in VOWELS


def phone_ipa(phone: str) -> str:
    """IPA of one ARPAbet phone (no stress mark). AH0 → ə, ER0 → ɚ."""
    base, stress = split_stress(phone)
    if stress == 0 and base in _UNSTRESSED_IPA:
        return _UNSTRESSED_IPA[base]
    return ARPABET_TO_IPA[base]


def phones_ipa(phones: list[str]) -> str:
    """IPA of a phone sequence without stress marks (for display of a phone run)."""
    return "".join(phone_ipa(p) for p in phones)
