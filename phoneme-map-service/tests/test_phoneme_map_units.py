"""Pure functions: syllabification, numbers, IPA → ARPAbet, stress repair, weak forms."""

from __future__ import annotations

import pytest

from phoneme_map_service.espeak import conventionalize
from phoneme_map_service.lexicon import clitic_suffix, ensure_primary_stress
from phoneme_map_service.search import compile_phone_pattern, is_stress_pattern
from phoneme_map_service.tokenizer import Tokenizer, clean_text
from voicemesh.errors import InvalidRequest
from voicemesh_speech.numbers import spoken_number
from voicemesh_speech.phones import ipa_to_arpabet, phone_ipa, phones_ipa
from voicemesh_speech.syllables import LEGAL_ONSETS, syllabify
from voicemesh_speech.weak_forms import is_weak_form


@pytest.mark.parametrize(
    ("phones", "expected"),
    [
        ("AE0 T L AE1 N T IH0 K", ["AE0 T", "L AE1 N", "T IH0 K"]),  # TL is not an onset
        ("EH1 K S T R AH0", ["EH1 K", "S T R AH0"]),
        ("S IH1 NG ER0", ["S IH1 NG", "ER0"]),  # NG never starts a syllable
        ("HH M", ["HH M"]),  # no vowel: one syllable
    ],
)
def test_syllabify(phones: str, expected: list[str]) -> None:
    assert [" ".join(s) for s in syllabify(phones.split())] == expected


def test_legal_onsets_exclude_ng_and_ill_formed_clusters() -> None:
    assert ("NG",) not in LEGAL_ONSETS
    assert ("T", "L") not in LEGAL_ONSETS and ("D", "L") not in LEGAL_ONSETS
    assert ("S", "T", "R") in LEGAL_ONSETS


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("25", ["twenty-five"]),
        ("1999", ["nineteen", "ninety-nine"]),
        ("1905", ["nineteen", "oh", "five"]),
        ("2005", ["two", "thousand", "five"]),
        ("3rd", ["third"]),
        ("21st", ["twenty-first"]),
        ("3.14", ["three", "point", "one", "four"]),
        ("1,000", ["one", "thousand"]),
        ("1990s", ["nineteen", "nineties"]),
        ("10:30", ["ten", "thirty"]),
        ("007", ["zero", "zero", "seven"]),
        ("abc", None),
    ],
)
def test_spoken_numbers(token: str, words: list[str] | None) -> None:
    assert spoken_number(token) == words


@pytest.mark.parametrize(
    ("ipa", "arpabet"),
    [
        ("fˈoʊɾəɡɹˌæf", "F OW1 T AH0 G R AE2 F"),
        ("bˈʌʔn̩", "B AH1 T AH0 N"),
        ("mˈoːɹ", "M AO1 R"),
        ("t͡ʃˈɜːt͡ʃ", "CH ER1 CH"),
        ("ˈaʊɚ", "AW1 ER0"),
    ],
)
def test_ipa_to_arpabet(ipa: str, arpabet: str) -> None:
    assert ipa_to_arpabet(ipa) == arpabet.split()


def test_existing_phone_ipa_behaviour_is_kept() -> None:
    assert phone_ipa("AH0") == "ə" and phone_ipa("AH1") == "ʌ" and phone_ipa("ER0") == "ɚ"
    assert phones_ipa(["TH", "IH1", "NG", "K"]) == "θɪŋk"


def test_espeak_conventions() -> None:
    assert conventionalize("D UH1 R R IH0 NG".split()) == "D UH1 R IH0 NG".split()
    assert conventionalize("V IH1 D IH0 OW0".split()) == "V IH1 D IY0 OW0".split()
    assert conventionalize("Y EH1 HH".split()) == ["Y", "EH1"]


def test_ensure_primary_stress() -> None:
    assert ensure_primary_stress(["B", "L", "AO0", "R", "P"]) == ["B", "L", "AO1", "R", "P"]
    assert ensure_primary_stress(["AH0", "B", "EY0"]) == ["AH0", "B", "EY1"]
    assert ensure_primary_stress(["K", "AE2", "T", "AH0"]) == ["K", "AE1", "T", "AH0"]
    assert ensure_primary_stress(["HH", "M"]) == ["HH", "M"]


@pytest.mark.parametrize(
    ("base", "clitic", "suffix"),
    [("B AA1 B", "s", ["Z"]), ("K AE1 T", "s", ["S"]), ("R OW1 Z", "s", ["IH0", "Z"])],
)
def test_clitic_suffix(base: str, clitic: str, suffix: list[str]) -> None:
    assert clitic_suffix(base.split(), clitic) == suffix


def test_weak_form_rules() -> None:
    assert is_weak_form("to", next_word="go", clause_final=False)
    assert not is_weak_form("to", next_word=None, clause_final=True)
    assert is_weak_form("them", next_word=None, clause_final=True)
    assert not is_weak_form("think", next_word="that", clause_final=False)


def test_clean_text_and_tokenizer_without_lexicon() -> None:
    assert clean_text("a\x00b\tc").split() == ["ab", "c"]
    words = Tokenizer(lambda key: False).tokenize("I paid $5 — 50% off.")
    assert [w.text for w in words] == ["I", "paid", "five", "dollars", "fifty", "percent", "off"]
    assert [w.clause_final for w in words] == [False, False, False, True, False, False, True]


def test_pattern_helpers() -> None:
    assert is_stress_pattern(". 1 . .") and not is_stress_pattern("* .")
    with pytest.raises(InvalidRequest, match="not an ARPAbet phone"):
        compile_phone_pattern("TH QQ")
