"""Pattern, stress and minimal-pair search over the whole CMUdict, with known answers."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from phoneme_map_service.services.cmudict_engine import CmudictEngine
from voicemesh.contracts.phoneme_map import PatternSearchRequest, PatternSearchResponse
from voicemesh.errors import InvalidRequest


def search(engine: CmudictEngine, **query: object) -> PatternSearchResponse:
    return engine.search(PatternSearchRequest.model_validate(query))


def assert_ranked(result: PatternSearchResponse) -> None:
    frequencies = [m.frequency for m in result.matches]
    assert frequencies == sorted(frequencies, reverse=True)
    assert len({m.word for m in result.matches}) == len(result.matches)


def test_stress_pattern_four_syllables_primary_on_second(engine: CmudictEngine) -> None:
    result = search(engine, pattern=". 1 . .", limit=500)
    assert result.query == "stress: . 1 . ."
    assert result.total > 1000 and len(result.matches) == 500
    assert all(len(m.stress_pattern) == 4 and m.stress_pattern[1] == "1" for m in result.matches)
    assert "PHOTOGRAPHY" in {m.word for m in result.matches}
    assert_ranked(result)


def test_stress_field_and_exact_digits(engine: CmudictEngine) -> None:
    result = search(engine, stress="1 0 2", limit=50)
    assert all(m.stress_pattern == "102" for m in result.matches)
    photograph = search(engine, pattern="F OW1 T AH0 G R AE2 F", stress="1 0 2")
    assert [m.word for m in photograph.matches] == ["PHOTOGRAPH"]


def test_onset_query_and_frequency_order(engine: CmudictEngine) -> None:
    result = search(engine, pattern="TH *", limit=50)
    assert all(m.phones[0] == "TH" for m in result.matches)
    assert result.matches[0].word == "THINK"  # the most frequent TH-initial word in wordfreq
    assert_ranked(result)
    with_stress = search(engine, pattern="TH *", stress=". 1", limit=50)
    assert all(m.phones[0] == "TH" and m.stress_pattern[1] == "1" for m in with_stress.matches)


def test_wildcards_classes_and_alternatives(engine: CmudictEngine) -> None:
    ending = search(engine, pattern="* IH1 NG K", limit=100)
    assert {"THINK", "SINK", "DRINK"} <= {m.word for m in ending.matches}
    assert all(m.phones[-3:] == ["IH1", "NG", "K"] for m in ending.matches)
    one_phone = search(engine, pattern="? IH1 NG K", limit=100)
    assert all(len(m.phones) == 4 for m in one_phone.matches)
    assert "THINK" in {m.word for m in one_phone.matches}
    stops = search(engine, pattern="@STOP @V1 @NASAL", limit=200)
    assert all(m.phones[0] in "P B T D K G".split() for m in stops.matches)
    assert all(m.phones[2] in ("M", "N", "NG") for m in stops.matches)
    either = search(engine, pattern="TH|DH IH1 S", limit=20)
    assert {"THIS"} <= {m.word for m in either.matches}
    two_primaries = search(engine, pattern="* @V1 * @V1 *", limit=20)
    assert all(m.stress_pattern.count("1") >= 2 for m in two_primaries.matches)


def test_minimal_pairs_with_contrast(engine: CmudictEngine) -> None:
    think = search(engine, minimal_pairs_of="THINK", contrast=["TH", "S"])
    assert think.matches[0].word == "SINK"
    assert think.matches[0].differs_at == 0 and think.matches[0].contrast == ["TH", "S"]
    assert all(m.phones[1:] == ["IH1", "NG", "K"] for m in think.matches)
    very = search(engine, minimal_pairs_of="very", contrast=["V", "W"])
    assert very.matches[0].word == "WARY"


def test_minimal_pairs_without_contrast(engine: CmudictEngine) -> None:
    ship = search(engine, minimal_pairs_of="ship", limit=500)
    words = {m.word for m in ship.matches}
    assert {"SHEEP", "CHIP", "SHOP"} <= words
    assert "SHIP" not in words
    assert all(len(m.phones) == 3 for m in ship.matches)


@pytest.mark.parametrize(
    "query",
    [
        {"pattern": "TH XX *"},
        {"pattern": "@VOWELS *"},
        {"pattern": "TH1 *"},
        {"pattern": "TH 1 *"},
        {"stress": "1 x"},
        {"pattern": " ".join(["."] * 41)},
        {"minimal_pairs_of": "?!"},
        {"minimal_pairs_of": "think", "contrast": ["TH", "QQ"]},
    ],
)
def test_malformed_queries_are_invalid(engine: CmudictEngine, query: dict[str, object]) -> None:
    # The contract may refuse first (an unknown phone in `contrast`); the engine checks too.
    with pytest.raises((InvalidRequest, ValidationError)):
        search(engine, **query)
    with pytest.raises(InvalidRequest):
        engine.search(PatternSearchRequest.model_construct(**query))


def test_unknown_word_minimal_pairs_use_g2p(engine: CmudictEngine) -> None:
    result = search(engine, minimal_pairs_of="blorp", limit=5)
    assert result.total >= 0 and result.query.startswith("minimal_pairs_of: BLORP")
