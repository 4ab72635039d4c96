"""The cmudict engine on real words: stress, variants, unknown words, numbers, hyphens,
apostrophes, syllables, weak forms, limits."""

from __future__ import annotations

import shutil

import pytest

from phoneme_map_service.espeak import EspeakG2p
from phoneme_map_service.lexicon import Pronouncer
from phoneme_map_service.services.cmudict_engine import CmudictEngine
from phoneme_map_service.tokenizer import SpokenWord
from voicemesh.contracts.phoneme_map import PhonemeMapRequest, WordPronunciation
from voicemesh.errors import InvalidRequest
from voicemesh_speech.phones import is_vowel, split_stress


def words_of(engine: CmudictEngine, text: str) -> list[WordPronunciation]:
    return engine.process(PhonemeMapRequest(text=text)).words


def one(engine: CmudictEngine, text: str) -> WordPronunciation:
    (word,) = words_of(engine, text)
    return word


def assert_consistent(word: WordPronunciation) -> None:
    """Syllables partition the phones, one nucleus each, IPA and stress index agree."""
    assert [p for s in word.syllables for p in s.phones] == word.phones
    vowels = [p for p in word.phones if is_vowel(p)]
    assert len(word.syllables) == max(len(vowels), 1)
    for syllable in word.syllables:
        nucleus = [p for p in syllable.phones if is_vowel(p)]
        assert syllable.stress == (split_stress(nucleus[0])[1] if nucleus else 0)
        assert syllable.ipa.startswith("ˈ") == (syllable.stress == 1)
    assert word.ipa == "".join(s.ipa for s in word.syllables)
    stresses = [s.stress for s in word.syllables]
    assert word.primary_stress_index == (stresses.index(1) if 1 in stresses else None)
    assert word.phones in word.variants


def test_photograph_and_photography_shift_primary_stress(engine: CmudictEngine) -> None:
    photograph, photography = words_of(engine, "photograph photography")
    assert photograph.primary_stress_index == 0
    assert photography.primary_stress_index == 1
    assert [s.stress for s in photograph.syllables] == [1, 0, 2]
    assert [s.stress for s in photography.syllables] == [0, 1, 0, 0]
    assert photography.ipa == "fəˈtɑɡɹəfi"
    for word in (photograph, photography):
        assert word.source == "cmudict"
        assert_consistent(word)


def test_record_has_noun_and_verb_variants(engine: CmudictEngine) -> None:
    record = one(engine, "record")
    stress_positions = set()
    for variant in record.variants:
        digits = [split_stress(p)[1] for p in variant if is_vowel(p)]
        stress_positions.add(digits.index(1))
    assert stress_positions == {0, 1}  # REcord (noun) and reCORD (verb)
    assert len(record.variants) >= 2


def test_syllables_follow_maximal_onset(engine: CmudictEngine) -> None:
    productive = one(engine, "productive")
    assert [s.phones for s in productive.syllables] == [
        ["P", "R", "AH0"],
        ["D", "AH1", "K"],
        ["T", "IH0", "V"],
    ]
    assert productive.ipa == "pɹəˈdʌktɪv"
    instrument = one(engine, "instrument")
    assert instrument.syllables[1].phones[:3] == ["S", "T", "R"]


@pytest.mark.parametrize("word", ["zorblax", "Ngozi"])
def test_unknown_words_come_from_g2p(engine: CmudictEngine, word: str) -> None:
    assert word.lower() not in engine.pronouncer.lexicon
    result = one(engine, word)
    assert result.source == "g2p"
    assert result.word == word.upper()
    assert result.primary_stress_index is not None
    assert_consistent(result)


def test_one_syllable_predicted_word_gets_primary_stress(engine: CmudictEngine) -> None:
    blorp = one(engine, "blorp")
    assert blorp.source == "g2p"
    assert [s.stress for s in blorp.syllables] == [1]


def test_clitic_on_unknown_stem(engine: CmudictEngine) -> None:
    ngozi, ngozis = words_of(engine, "Ngozi Ngozi's")
    assert ngozis.phones == [*ngozi.phones, "Z"]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_fallback_when_ordered_first(engine: CmudictEngine) -> None:
    espeak = EspeakG2p()
    pronouncer = Pronouncer(
        engine.pronouncer.lexicon,
        {"espeak": espeak, "g2p": engine.pronouncer.fallbacks[0][1]},
        ["espeak", "g2p"],
    )
    (zorblax, think) = pronouncer.pronounce_all(
        [SpokenWord("zorblax", "zorblax", 0), SpokenWord("think", "think", 1)]
    )
    assert zorblax is not None and think is not None
    assert zorblax.source == "espeak"
    assert zorblax.phones[0] == "Z" and "AO1" in zorblax.phones
    assert think.source == "cmudict"


def test_without_fallbacks_unknown_words_have_no_pronunciation(engine: CmudictEngine) -> None:
    pronouncer = Pronouncer(engine.pronouncer.lexicon, {}, [])
    zorblax, think = pronouncer.pronounce_all(
        [SpokenWord("zorblax", "zorblax", 0), SpokenWord("think", "think", 1)]
    )
    assert zorblax is None and think is not None


def test_numbers_are_read_as_words(engine: CmudictEngine) -> None:
    words = words_of(engine, "25 1999 3rd")
    assert [w.word for w in words] == ["TWENTY-FIVE", "NINETEEN", "NINETY", "NINE", "THIRD"]
    assert [w.token for w in words] == ["25", "1999", "1999", "1999", "3rd"]
    assert [w.token_index for w in words] == [0, 1, 1, 1, 2]
    assert all(w.source == "cmudict" for w in words)


def test_hyphenated_words(engine: CmudictEngine) -> None:
    well_known, twenty_one = words_of(engine, "well-known twenty-one")
    assert well_known.word == "WELL-KNOWN" and twenty_one.word == "TWENTY-ONE"
    split = words_of(engine, "ice-cold")  # not in CMUdict: read as its parts
    assert [w.word for w in split] == ["ICE", "COLD"]
    assert {w.token for w in split} == {"ice-cold"}


def test_apostrophes_are_looked_up_as_written(engine: CmudictEngine) -> None:
    dont, anns, its = words_of(engine, "DON'T ANN'S IT'S")
    assert dont.phones == ["D", "OW1", "N", "T"]
    assert anns.phones == ["AE1", "N", "Z"]
    assert its.phones[-2:] == ["T", "S"]
    curly = one(engine, "don’t")
    assert curly.word == "DON'T"


def test_abbreviations_become_words(engine: CmudictEngine) -> None:
    words = words_of(engine, "Dr. Smith met Mrs. Jones on St. Mark St., e.g. today")
    assert [w.word for w in words] == [
        "DOCTOR", "SMITH", "MET", "MISSUS", "JONES", "ON", "SAINT", "MARK", "STREET",
        "FOR", "EXAMPLE", "TODAY",
    ]  # fmt: skip


def test_weak_forms(engine: CmudictEngine) -> None:
    words = {w.text: w.weak_form for w in words_of(engine, "I want to go to the shop")}
    assert words["to"] and words["the"]
    assert not words["want"] and not words["shop"]
    at = words_of(engine, "What are you looking at?")[-1]
    assert at.word == "AT" and not at.weak_form  # clause-final: strong form
    him = words_of(engine, "I saw him.")[-1]
    assert him.weak_form  # object pronouns stay weak at the end
    conjunction = words_of(engine, "I think that he can")[2]
    demonstrative = words_of(engine, "I like that book")[2]
    assert conjunction.weak_form and not demonstrative.weak_form


def test_words_input_keeps_item_indices(engine: CmudictEngine) -> None:
    words = engine.process(PhonemeMapRequest(words=["Hello", "25", "world"])).words
    assert [(w.word, w.token_index) for w in words] == [
        ("HELLO", 0),
        ("TWENTY-FIVE", 1),
        ("WORLD", 2),
    ]


def test_control_characters_are_ignored(engine: CmudictEngine) -> None:
    words = words_of(engine, "hello\x00 wor\x07ld\tagain")
    assert [w.word for w in words] == ["HELLO", "WORLD", "AGAIN"]


@pytest.mark.parametrize("text", ["?!", "\x00\x01", "— ... —"])
def test_nothing_to_say_is_invalid(engine: CmudictEngine, text: str) -> None:
    with pytest.raises(InvalidRequest):
        engine.process(PhonemeMapRequest(text=text))


def test_overlong_word_is_invalid(engine: CmudictEngine) -> None:
    with pytest.raises(InvalidRequest, match="longer than 64"):
        engine.process(PhonemeMapRequest(text="x" * 500))


def test_too_many_spoken_words_is_invalid(engine: CmudictEngine) -> None:
    with pytest.raises(InvalidRequest, match="at most"):
        engine.process(PhonemeMapRequest(text="a " * 999))
    with pytest.raises(InvalidRequest, match="at most"):  # numbers expand past the limit
        engine.process(PhonemeMapRequest(text=" ".join(["1234567"] * 40)))
