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


# --- IPA → ARPAbet (for espeak-ng output and other IPA sources) -----------------------------
# espeak-ng's en-us voice writes long vowels with ː, r-coloured vowels as vowel + ɹ, syllabic
# consonants with U+0329 and flaps/glottal stops for /t/. Keys are matched longest first.
# Multi-phone entries follow CMUdict's conventions: syllabic n̩ = AH0 N (BUTTON B AH1 T AH0 N),
# ɜːɹ = ER (HURRY HH ER1 IY0), NORTH/FORCE oːɹ/ɔːɹ = AO R (MORE M AO1 R).
IPA_LENGTHENED_TO_ARPABET: dict[str, str] = {
    "iː": "IY",
    "uː": "UW",
    "ɑː": "AA",
    "ɔː": "AO",
    "oː": "OW",
    "ɜː": "ER",
    "əʊ": "OW",  # en-gb GOAT
    "eə": "EH",  # en-gb SQUARE
    "ʊə": "UH",  # en-gb CURE
    "x": "K",
    "ç": "HH",
    "ʍ": "W",
    "ɬ": "L",
    "ɵ": "OW",
    "ɯ": "UW",
    "y": "UW",
    "ø": "ER",
    "œ": "EH",
    "ɣ": "G",
    "ʁ": "R",
    "ɲ": "N",
}
IPA_SEQUENCE_TO_ARPABET: dict[str, tuple[str, ...]] = {
    "n̩": ("AH", "N"),
    "l̩": ("AH", "L"),
    "m̩": ("AH", "M"),
    "ɜːɹ": ("ER",),
    "ɝɹ": ("ER",),
    "ɚɹ": ("ER",),
    "oːɹ": ("AO", "R"),
    "ɔːɹ": ("AO", "R"),
    "ɔɹ": ("AO", "R"),
}
_IPA_SKIP = frozenset("ˑ.‿|‖_-‑ ʰʲʷˠˤ̃ ̥̬̪̺̻̝̞̘̙ʼ͡ː")
_IPA_STRESS = {"ˈ": 1, "ˌ": 2}


def _ipa_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {k: (v,) for k, v in IPA_TO_ARPABET.items()}
    table |= {k: (v,) for k, v in IPA_LENGTHENED_TO_ARPABET.items()}
    table |= IPA_SEQUENCE_TO_ARPABET
    return table


_IPA_TABLE = _ipa_table()
_IPA_MAX_KEY = max(len(k) for k in _IPA_TABLE)


def ipa_to_arpabet(ipa: str) -> list[str]:
    """IPA of one word → ARPAbet phones, vowels with stress digits.

    ``ˈ``/``ˌ`` give primary/secondary stress to the next vowel (espeak-ng puts the mark
    before the vowel, IPA convention before the syllable: both work); unmarked vowels get 0.
    Symbols are matched longest first (``aɪ`` before ``a``, ``ɑːɹ`` before ``ɑː``); tie bars,
    length marks, diacritics and symbols with no English ARPAbet phone are skipped, so the
    result may be empty. Example: ``"fˈoʊɾəɡɹˌæf"`` → ``F OW1 T AH0 G R AE2 F``.
    """
    phones: list[str] = []
    pending: int | None = None
    i = 0
    text = ipa.replace("\u0361", "").replace("\u035c", "")
    while i < len(text):
        char = text[i]
        if char in _IPA_STRESS:
            pending = _IPA_STRESS[char]
            i += 1
            continue
        for size in range(min(_IPA_MAX_KEY, len(text) - i), 0, -1):
            arpa = _IPA_TABLE.get(text[i : i + size])
            if arpa is not None:
                for base in arpa:
                    if base in VOWELS:
                        phones.append(f"{base}{pending if pending is not None else 0}")
                        pending = None
                    else:
                        phones.append(base)
                i += size
                break
        else:
            i += 1  # a length mark, diacritic or symbol outside the English phone set
    return phones
