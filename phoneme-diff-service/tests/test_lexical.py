"""Corpus words as the diff sees them: syllables and expected stress from speechocean762's
canonical phones (lexical.py)."""

from __future__ import annotations

import pytest

from phoneme_diff_service.lexical import corpus_pronunciation, nuclei


def pronounce(text: str, phones: str) -> tuple[list[list[str]], int | None]:
    wp = corpus_pronunciation(text, phones.split(), next_word=None, clause_final=True)
    return [list(s.phones) for s in wp.syllables], wp.primary_stress_index


@pytest.mark.parametrize(
    ("text", "phones", "syllables", "primary"),
    [
        # the corpus' two-vowel centring diphthongs are one nucleus, stressed as in CMUdict
        ("HERE", "HH IH AH0", [["HH", "IH1", "AH0"]], 0),
        ("IDEA", "AY0 D IH AH1", [["AY0"], ["D", "IH1", "AH0"]], 1),
        ("SPIRIT", "S P IH AH1 IH0 T", [["S", "P", "IH1", "AH0"], ["IH0", "T"]], 0),
        ("SURE", "SH UH AH0", [["SH", "UH1", "AH0"]], 0),
        # vowels that both carry digits stay two syllables
        ("GOING", "G OW0 IH0 NG", [["G", "OW1"], ["IH0", "NG"]], 0),
        ("SUFFICIENT", "S AH0 F IH1 SH N T", [["S", "AH0"], ["F", "IH1", "SH", "N", "T"]], 1),
    ],
)
def test_corpus_syllables_and_primary_stress(
    text: str, phones: str, syllables: list[list[str]], primary: int
) -> None:
    assert pronounce(text, phones) == (syllables, primary)


def test_nuclei_join_only_a_digitless_vowel_with_the_next() -> None:
    assert nuclei("AY0 D IH AH1".split()) == [[0], [2, 3]]
    assert nuclei("AH1 UW0 AH0 Z".split()) == [[0], [1], [2]]
    assert nuclei("IH AH0 IH AH0".split()) == [[0, 1], [2, 3]]
