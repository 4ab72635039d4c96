"""Spelling syllables and the stress notation (pho-TOG-ra-phy)."""

from __future__ import annotations

import pytest

from feedback_llm_service.coaching.syllables import spelling_syllables, stress_example

# CMUdict phones split into syllables (maximal onset), as the assessment gives them.
CASES = {
    "photography": (
        [["F", "AH0"], ["T", "AA1", "G"], ["R", "AH0"], ["F", "IY0"]],
        1,
        "pho-TOG-ra-phy",
    ),
    "sufficient": ([["S", "AH0"], ["F", "IH1"], ["SH", "AH0", "N", "T"]], 1, "suf-FI-cient"),
    "productive": ([["P", "R", "AH0"], ["D", "AH1", "K"], ["T", "IH0", "V"]], 1, "pro-DUC-tive"),
    "answer": ([["AE1", "N"], ["S", "ER0"]], 0, "AN-swer"),
    "table": ([["T", "EY1"], ["B", "AH0", "L"]], 0, "TA-ble"),
    "create": ([["K", "R", "IY0"], ["EY1", "T"]], 1, "cre-ATE"),
    "education": ([["EH2"], ["JH", "AH0"], ["K", "EY1"], ["SH", "AH0", "N"]], 2, "e-du-CA-tion"),
    "thought": ([["TH", "AO1", "T"]], 0, "THOUGHT"),
}


@pytest.mark.parametrize("word", sorted(CASES))
def test_known_words(word: str) -> None:
    syllables, primary, expected = CASES[word]
    assert stress_example(word, syllables, primary) == expected


@pytest.mark.parametrize(
    ("word", "n"),
    [
        ("business", 2),
        ("chocolate", 2),
        ("every", 2),
        ("rhythm", 2),
        ("strengths", 1),
        ("a", 1),
        ("xyz", 3),
        ("it's", 1),
    ],
)
def test_pieces_always_rejoin_and_match_the_syllable_count(word: str, n: int) -> None:
    pieces = spelling_syllables(word, [["AH0"]] * n)
    assert "".join(pieces) == word
    assert len(pieces) == n
    assert all(pieces)


def test_weak_one_syllable_word_stays_lower_case() -> None:
    assert stress_example("the", [["DH", "AH0"]], None) == "the"


def test_more_syllables_than_letters_keeps_the_word_whole() -> None:
    assert spelling_syllables("ok", [["OW"], ["K", "EY1"], ["AH0"]]) == ["ok"]
