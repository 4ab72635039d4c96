"""From decoded segments to the AsrResponse contract: hallucination gate and word times."""

from __future__ import annotations

from asr_service.services.transcript import (
    MIN_WORD_S,
    DecodedSegment,
    DecodedWord,
    build_response,
    collapse_repetitions,
    is_hallucination,
)
from voicemesh.contracts.common import EngineInfo

INFO = EngineInfo(name="test", model="none", device="cpu")


def respond(segments: list[DecodedSegment], duration_s: float = 2.0):  # type: ignore[no-untyped-def]
    return build_response(
        segments,
        duration_s=duration_s,
        language="en",
        engine=INFO,
        no_speech_threshold=0.6,
        logprob_threshold=-0.5,
    )


def test_words_are_cleaned_normalized_and_punctuation_tokens_dropped() -> None:
    segment = DecodedSegment(
        words=[
            DecodedWord(" Hello,", 0.1, 0.4, 0.9),
            DecodedWord(" 3", 0.4, 0.6, 0.8),
            DecodedWord(" -", 0.6, 0.6, 0.1),
            DecodedWord(" worlds!", 0.6, 1.0, 0.7),
        ],
        no_speech_prob=0.01,
        avg_logprob=-0.2,
    )
    result = respond([segment])
    assert [w.text for w in result.words] == ["Hello", "3", "worlds"]
    assert result.normalized_transcript == "hello three worlds"
    assert result.transcript == "Hello, 3 worlds!"
    assert [w.confidence for w in result.words] == [0.9, 0.8, 0.7]
    assert not result.no_speech


def test_hallucinated_segment_is_dropped_and_flags_no_speech() -> None:
    filler = DecodedSegment(
        words=[DecodedWord(" You", 0.0, 1.0, 0.3)],
        no_speech_prob=0.75,
        avg_logprob=-0.89,
    )
    assert is_hallucination(filler, no_speech_threshold=0.6, logprob_threshold=-0.5)
    result = respond([filler])
    assert result.words == [] and result.transcript == "" and result.no_speech


def test_confident_text_survives_a_high_no_speech_probability() -> None:
    speech = DecodedSegment(
        words=[DecodedWord(" Yes.", 0.2, 0.5, 0.9)],
        no_speech_prob=0.7,
        avg_logprob=-0.2,
    )
    assert respond([speech]).transcript == "Yes."


def test_times_are_ordered_inside_the_audio_and_non_empty() -> None:
    segment = DecodedSegment(
        words=[
            DecodedWord("a", -0.3, 0.2, 0.9),  # before the start
            DecodedWord("b", 0.5, 0.5, 0.9),  # zero length
            DecodedWord("c", 0.4, 0.9, 0.9),  # starts before b
            DecodedWord("d", 1.9, 2.7, 0.9),  # past the end
        ],
    )
    words = respond([segment], duration_s=2.0).words
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    assert all(0.0 <= w.start < w.end <= 2.0 for w in words)
    assert all(w.end - w.start >= MIN_WORD_S - 1e-9 for w in words)


def test_missing_times_are_filled_from_neighbours() -> None:
    segment = DecodedSegment(
        words=[
            DecodedWord("I", 0.1, 0.2, 0.9),
            DecodedWord("paid", 0.2, 0.5, 0.9),
            DecodedWord("5", None, None, None),  # WhisperX cannot align digits
            DecodedWord("dollars", 0.9, 1.4, 0.9),
        ],
    )
    five = respond([segment]).words[2]
    assert (five.start, five.end) == (0.5, 0.9)
    assert five.normalized == "five" and five.confidence == 0.5


def words_of(text: str) -> list[DecodedWord]:
    return [DecodedWord(f" {w}", i * 0.2, i * 0.2 + 0.2, 0.9) for i, w in enumerate(text.split())]


def test_decoding_loops_are_cut_back_to_one_copy() -> None:
    looped = words_of("He never said it, he never said it, he never said it. Bye")
    assert [w.text for w in collapse_repetitions(looped)] == [
        " He",
        " never",
        " said",
        " it,",
        " Bye",
    ]
    assert len(collapse_repetitions(words_of("no no no no no"))) == 1
    # the token budget ended the loop inside a copy: the partial copy goes too
    cut = collapse_repetitions(words_of("Hello world. Hello world. Hello world. Hello"))
    assert " ".join(w.text.strip() for w in cut) == "Hello world."
    # words after a loop that are not a prefix of its phrase stay
    after = collapse_repetitions(words_of("Hello world. Hello world. Hello world. Hello there"))
    assert " ".join(w.text.strip() for w in after) == "Hello world. Hello there"


def test_ordinary_repetition_is_kept() -> None:
    for text in ("I I want it", "very very good", "go on go on", "no no no"):
        assert collapse_repetitions(words_of(text)) == words_of(text)


def test_transcript_follows_the_collapsed_words() -> None:
    result = respond([DecodedSegment(words=words_of("thank you. thank you. thank you."))])
    assert result.transcript == "thank you."
    assert result.normalized_transcript == "thank you"
