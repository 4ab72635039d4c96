"""Parts of conversation practice on real audio: Silero VAD endpointing, openWakeWord with
its cooldown, cutting LLM text into phrases, picking the one correction."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator_service.services.converse.phrases import PhraseSplitter
from orchestrator_service.services.converse.vad import Endpointer
from orchestrator_service.services.converse.wake import WakeDetector
from voicemesh.audio import decode_audio

AUDIO = Path(__file__).resolve().parents[2] / "tests" / "audio"
SILENCE = b"\0\0" * 16000  # 1 s


def _pcm(name: str) -> bytes:
    return decode_audio((AUDIO / name).read_bytes()).pcm16()


def test_vad_endpoints_a_real_clip_with_its_silence_window() -> None:
    clip = _pcm("adult-female-so-you-want-to-be-more-productive.wav")
    vad = Endpointer(threshold=0.5, silence_s=0.6, min_speech_s=0.2)
    events = vad.feed(SILENCE + clip + SILENCE * 2)
    assert [e.kind for e in events] == ["speech_started", "speech_stopped"]
    start, stop = events
    clip_s = len(clip) / 32000
    assert 1.0 <= start.at_s < 1.0 + clip_s / 2
    assert 1.0 + clip_s / 2 < stop.at_s <= 1.0 + clip_s + 0.05
    assert 0.5 * clip_s < len(stop.audio) / 32000 <= clip_s + 0.5


@pytest.mark.parametrize(("silence_s", "utterances"), [(1.2, 1), (0.6, 2)])
def test_a_pause_ends_speech_only_when_longer_than_the_window(
    silence_s: float, utterances: int
) -> None:
    clip = _pcm("child-male-mandy-has-a-big-arm.wav")  # back to back: a ≈ 0.95 s pause
    vad = Endpointer(threshold=0.5, silence_s=silence_s, min_speech_s=0.2)
    events = vad.feed(SILENCE + clip + clip + SILENCE * 2)
    assert [e.kind for e in events] == ["speech_started", "speech_stopped"] * utterances


def test_wake_word_fires_once_within_the_cooldown_and_again_after_it() -> None:
    alexa = _pcm("alexa-espeak-ng.wav")
    hits = []
    detector = WakeDetector("alexa", threshold=0.6, cooldown_s=1.0)
    for audio in (SILENCE, alexa, alexa, SILENCE * 2, alexa, SILENCE):
        for i in range(0, len(audio), 2560):
            if (score := detector.feed(audio[i : i + 2560])) is not None:
                hits.append((detector.samples / 16000, score))
    assert len(alexa) / 32000 < 1.0  # back to back, the repeat ends inside the 1 s cooldown
    assert len(hits) == 2, hits
    assert all(score >= 0.6 for _, score in hits)
    assert hits[1][0] - hits[0][0] > 2.0


def test_other_speech_does_not_wake() -> None:
    detector = WakeDetector("alexa", threshold=0.6, cooldown_s=1.0)
    clip = _pcm("adult-male-but-again-he-has-made-a-very-clear-statement.wav")
    assert all(detector.feed(clip[i : i + 2560]) is None for i in range(0, len(clip), 2560))


@pytest.mark.parametrize(
    ("deltas", "phrases"),
    [
        (["That's great", "! What", " do you", " like?"], ["That's great!", "What do you like?"]),
        (
            ["Well, ", "I think that", " is true, and", " more."],
            ["Well, I think that is true,", "and more."],
        ),
        (["No punctuation at all"], ["No punctuation at all"]),
    ],
)
def test_phrases_are_cut_at_sentence_and_long_clause_ends(
    deltas: list[str], phrases: list[str]
) -> None:
    splitter = PhraseSplitter()
    out = [p for d in deltas for p in splitter.feed(d)]
    if rest := splitter.flush():
        out.append(rest)
    assert out == phrases
