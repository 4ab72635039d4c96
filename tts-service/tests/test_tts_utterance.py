"""Planning what Piper says: tokens ↔ espeak-ng words, ARPAbet → Piper symbols with stress."""

from __future__ import annotations

from tts_service.services.piper_engine import PiperEngine
from tts_service.services.piper_phonemes import phone_symbols
from tts_service.services.utterance import Sentence, plan_text, plan_words, tokenize
from voicemesh.contracts.tts import TtsWordIn


def said(sentences: list[Sentence], index: int) -> str:
    for sentence in sentences:
        for w in sentence.words:
            if w.index == index:
                return "".join(sentence.symbols[w.start : w.end])
    raise AssertionError(f"word {index} not said")


def test_stress_marks_stand_before_the_stressed_vowel() -> None:
    assert "".join(phone_symbols("AA1").symbols) == "ˈɑː"
    assert "".join(phone_symbols("AA0").symbols) == "ɑ"
    assert "".join(phone_symbols("ER1").symbols) == "ˈɜː"
    assert "".join(phone_symbols("AH0").symbols) == "ə"
    assert "".join(phone_symbols("EY2").symbols) == "ˌeɪ"
    (sentence,) = plan_words(
        [TtsWordIn(text="photography", phones="F AH0 T AA1 G R AH0 F IY0".split())]
    )
    assert "".join(sentence.symbols) == "fətˈɑːɡɹəfi."
    assert [p.phone for p in sentence.words[0].phones][3] == "AA1"


def test_tokens_keep_edge_punctuation_as_trailing_text() -> None:
    tokens = tokenize('"Well," she said — "it\'s 42!"')
    assert [t.text for t in tokens] == ["Well", "she", "said", "it's", "42"]
    assert "," in tokens[0].trailing and "—" in tokens[2].trailing and "!" in tokens[4].trailing


def test_merged_and_expanded_words_map_back_to_tokens(piper: PiperEngine) -> None:
    sentences = plan_text("I want to be a doctor in 2025, to be honest.", piper.model.phonemize)
    assert said(sentences, 2) == "tə"  # espeak-ng merges "to be" into təbiʲ: weak form kept
    assert said(sentences, 4) == "ɐ"
    assert said(sentences, 5).startswith("dˈɑːktɚ")
    assert " " in said(sentences, 7)  # 2025 is several spoken words


def test_unalignable_phonemizer_output_falls_back_to_token_by_token() -> None:
    ten_words = [list("ab cd ef gh ij kl mn op qr st")]

    def phonemize(text: str) -> list[list[str]]:
        return [list(ten_words[0])]

    (sentence,) = plan_text("word", phonemize)
    assert [w.text for w in sentence.words] == ["word"]
    assert said([sentence], 0) == "ab cd ef gh ij kl mn op qr st"
