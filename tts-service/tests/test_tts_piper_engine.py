"""The Piper engine on real synthesis: plausible speech, forced stress, rate, emphasis, formats."""

from __future__ import annotations

import io
from typing import Literal

import numpy as np
import pytest
import soundfile as sf
from pydantic import ValidationError

from tts_service.services.piper_engine import PiperEngine, Rendered, TimedWord
from tts_service.services.piper_phonemes import phone_symbols
from voicemesh.audio import Audio, decode_audio
from voicemesh.contracts.tts import TtsRequest, TtsWordIn
from voicemesh.errors import InvalidRequest
from voicemesh_speech.phones import PHONES, VOWELS

SENTENCE = "But again he has made a very clear statement."
SENTENCE_WORDS = SENTENCE.rstrip(".").split()
# PHOTOGRAPHY with the dictionary stress (second syllable) and with stress on the first.
STRESS_SECOND = "F AH0 T AA1 G R AH0 F IY0".split()
STRESS_FIRST = "F OW1 T AA0 G R AH0 F IY0".split()
REPEATS = 3  # Piper samples durations (noise_w): average a few renders


def rms_db(samples: np.ndarray) -> float:
    return Audio(samples, 1).rms_dbfs()


def span(rendered: Rendered, start: float, end: float) -> np.ndarray:
    sr = rendered.audio.sample_rate
    return rendered.audio.samples[int(start * sr) : int(end * sr)]


def word_level_db(rendered: Rendered, word: TimedWord) -> float:
    return rms_db(span(rendered, word.start, word.end))


def test_text_is_said_as_plausible_speech(piper: PiperEngine) -> None:
    response = piper.process(TtsRequest(text=SENTENCE))
    data = piper.store.read(response.audio.id)
    samples, sample_rate = sf.read(io.BytesIO(data), dtype="float32")
    duration = len(samples) / sample_rate

    assert sample_rate == response.audio.sample_rate == 22_050
    assert response.audio.duration_s == pytest.approx(duration, abs=0.002)
    assert 0.2 <= duration / len(SENTENCE_WORDS) <= 1.0
    assert rms_db(samples) > -30.0
    assert [w.text for w in response.words] == SENTENCE_WORDS
    ends = [0.0] + [t for w in response.words for t in (w.start, w.end)]
    assert ends == sorted(ends) and ends[-1] <= duration
    assert all(w.end - w.start >= 0.02 for w in response.words)  # "a": ≥ 2 frames


def vowel_profile(piper: PiperEngine, phones: list[str]) -> np.ndarray:
    """Mean over renders of [duration s, RMS dB] of the word's first and second vowel."""
    rows = []
    for _ in range(REPEATS):
        rendered = piper.render(TtsRequest(words=[TtsWordIn(text="photography", phones=phones)]))
        vowels = [p for p in rendered.words[0].phones if p.phone[:-1] in VOWELS][:2]
        rows.append(
            [
                value
                for v in vowels
                for value in (v.end - v.start, rms_db(span(rendered, v.start, v.end)))
            ]
        )
    return np.mean(rows, axis=0)


def test_forced_stress_moves_the_prominent_syllable(piper: PiperEngine) -> None:
    first = vowel_profile(piper, STRESS_FIRST)  # [dur1, db1, dur2, db2]
    second = vowel_profile(piper, STRESS_SECOND)

    assert first[0] > first[2], f"OW1 should outlast AA0: {first}"
    assert second[2] > second[0], f"AA1 should outlast AH0: {second}"
    assert first[1] > first[3], f"OW1 should be louder than AA0: {first}"
    assert second[3] > second[1], f"AA1 should be louder than AH0: {second}"
    # The stressed vowel's share of the two moves by a wide margin, not by noise.
    assert first[0] / first[2] > 1.5 * (second[0] / second[2])


def test_a_slower_rate_is_longer(piper: PiperEngine) -> None:
    def duration(rate: float) -> float:
        renders = [piper.render(TtsRequest(text=SENTENCE, rate=rate)) for _ in range(REPEATS)]
        return float(np.mean([r.audio.duration_s for r in renders]))

    # Measured: 3.14 s, 2.39 s, 2.11 s. Durations round up to whole 11.6 ms frames per
    # phoneme, so they scale less than 1 / rate.
    slow, normal, fast = duration(0.7), duration(1.0), duration(1.3)
    assert slow > 1.15 * normal
    assert normal > 1.05 * fast


def test_emphasis_makes_the_word_longer_and_louder(piper: PiperEngine) -> None:
    text, target = "I never said she stole my money.", 4
    lengths, prominences = {}, {}
    for emphasize in (None, target):
        durations, levels = [], []
        for _ in range(3 * REPEATS):  # one word's sampled duration varies more than a sentence's
            rendered = piper.render(TtsRequest(text=text, emphasize_word=emphasize))
            word = rendered.words[target]
            rest = np.concatenate(
                [span(rendered, w.start, w.end) for w in rendered.words if w.index != target]
            )
            durations.append(word.end - word.start)
            levels.append(word_level_db(rendered, word) - rms_db(rest))
        lengths[emphasize], prominences[emphasize] = np.mean(durations), np.mean(levels)

    # Measured: 0.24 → 0.32 s (frame rounding keeps it under the 1.5× length scale), +6.3 dB.
    assert lengths[target] > 1.15 * lengths[None]
    assert prominences[target] > prominences[None] + 3.0


@pytest.mark.parametrize("fmt", ["mp3", "ogg"])
def test_compressed_formats_decode(piper: PiperEngine, fmt: Literal["mp3", "ogg"]) -> None:
    response = piper.process(TtsRequest(text="Hello world.", format=fmt))
    assert response.audio.id.endswith(f".{fmt}") and response.audio.format == fmt
    decoded = decode_audio(piper.store.read(response.audio.id))
    assert decoded.duration_s == pytest.approx(response.audio.duration_s, abs=0.1)
    assert decoded.rms_dbfs() > -35.0


def test_numbers_and_merged_words_still_get_one_time_span_per_token(piper: PiperEngine) -> None:
    text = "I want to be a doctor in 2025."
    rendered = piper.render(TtsRequest(text=text))
    assert [w.text for w in rendered.words] == [
        "I",
        "want",
        "to",
        "be",
        "a",
        "doctor",
        "in",
        "2025",
    ]
    year = rendered.words[-1]
    assert year.end - year.start > 0.6  # "twenty twenty-five" is several words long


def test_unknown_phones_are_refused_by_the_contract() -> None:
    with pytest.raises(ValidationError, match=r"should match pattern"):
        TtsWordIn(text="cat", phones=["K", "XX1", "T"])


@pytest.mark.parametrize(
    "request_",
    [
        TtsRequest(words=[TtsWordIn(text="cat", phones=["K1", "AE1", "T"])]),
        TtsRequest(text="hello world", emphasize_word=2),
        TtsRequest(text="!!! ... ???"),
    ],
)
def test_bad_input_is_refused(piper: PiperEngine, request_: TtsRequest) -> None:
    with pytest.raises(InvalidRequest):
        piper.render(request_)


def test_every_arpabet_phone_maps_to_symbols_the_voice_knows(piper: PiperEngine) -> None:
    for phone in sorted(PHONES):
        variants = [f"{phone}{s}" for s in (0, 1, 2)] if phone in VOWELS else [phone]
        for variant in variants:
            symbols = phone_symbols(variant).symbols
            assert symbols and all(piper.model.knows(s) for s in symbols), variant
