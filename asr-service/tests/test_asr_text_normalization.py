"""Word cleaning and spoken-form normalization of Whisper output."""

from __future__ import annotations

import pytest

from asr_service.services.text_normalization import clean_word, normalize_text, normalize_word


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (" world.", "world"),
        (' "Hello,', "Hello"),
        (" don't", "don't"),
        (" well-known!", "well-known"),
        (" 25%.", "25%"),
        (" $5,", "$5"),
        (" ...", ""),
        (" -", ""),
    ],
)
def test_clean_word_strips_spaces_and_edge_punctuation(raw: str, clean: str) -> None:
    assert clean_word(raw) == clean


@pytest.mark.parametrize(
    ("word", "spoken"),
    [
        ("Hello", "hello"),
        ("3", "three"),
        ("21", "twenty one"),
        ("105", "one hundred five"),
        ("1,000", "one thousand"),
        ("3.5", "three point five"),
        ("21st", "twenty first"),
        ("1990", "nineteen ninety"),
        ("1900", "nineteen hundred"),
        ("2005", "two thousand five"),
        ("2024", "twenty twenty four"),
        ("1990s", "nineteen nineties"),
        ("25%", "twenty five percent"),
        ("$5", "five dollars"),
        ("Don’t", "don't"),
        ("well-known", "well known"),
    ],
)
def test_normalize_word_spells_numbers_in_lower_case(word: str, spoken: str) -> None:
    assert normalize_word(word) == spoken


def test_normalize_text_cleans_every_token() -> None:
    assert normalize_text("Hello, world! It costs $5 at 10:30.") == (
        "hello world it costs five dollars at ten thirty"
    )
    assert normalize_text(" ... ") == ""
