"""From decoder output to the :class:`AsrResponse` contract, shared by every engine.

Engines hand over plain :class:`DecodedSegment` records; this module drops hallucinated
segments, cleans and normalizes words, and makes word times well-formed (ordered, inside the
audio, start < end), so every engine answers with the same guarantees.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from asr_service.services.text_normalization import clean_word, normalize_word
from voicemesh.contracts.asr import AsrResponse, AsrWord
from voicemesh.contracts.common import EngineInfo

MIN_WORD_S = 0.02  # shortest word span we report (one Whisper timestamp step is 0.02 s)
MAX_LOOP_WORDS = 8  # longest phrase checked for decoding loops
MIN_PHRASE_REPEATS = 3
MIN_WORD_REPEATS = 4


@dataclass(frozen=True)
class DecodedWord:
    """One word as the decoder wrote it (may carry spaces/punctuation); times in seconds,
    ``None`` when the engine could not time it (WhisperX on unalignable tokens)."""

    text: str
    start: float | None
    end: float | None
    probability: float | None


@dataclass(frozen=True)
class DecodedSegment:
    """One decoded segment with Whisper's segment-level confidence signals: ``no_speech_prob``
    (probability of the <|nospeech|> token, 0–1) and ``avg_logprob`` (mean token
    log-probability, ≤ 0); ``None`` where the engine does not report them."""

    words: Sequence[DecodedWord]
    no_speech_prob: float | None = None
    avg_logprob: float | None = None


def is_hallucination(
    segment: DecodedSegment, *, no_speech_threshold: float, logprob_threshold: float
) -> bool:
    """True when the model itself believes there is no speech and is unsure of its text.

    Whisper (Radford et al. 2022, openai/whisper ``transcribe.py``) skips a window when
    ``no_speech_prob > 0.6`` and ``avg_logprob < -1``; on silence faster-whisper still emits
    short fillers ("You", "Thank you.") with avg_logprob ≈ -0.9, so VoiceMesh drops segments
    above the same no-speech threshold with a stricter log-probability bound.
    """
    if segment.no_speech_prob is None or segment.avg_logprob is None:
        return False
    return segment.no_speech_prob > no_speech_threshold and segment.avg_logprob < logprob_threshold


def _repeats(keys: list[str], i: int, n: int) -> int:
    """How many times the phrase ``keys[i:i + n]`` occurs back to back from ``i``."""
    phrase = keys[i : i + n]
    if len(phrase) < n:
        return 0
    count = 1
    while keys[i + count * n : i + (count + 1) * n] == phrase:
        count += 1
    return count


def collapse_repetitions(words: list[DecodedWord]) -> list[DecodedWord]:
    """Keep one copy of a phrase the decoder looped on.

    Whisper can fall into a decoding loop and repeat a phrase until the token budget ends
    ("he never said it, he never said it, he never said it"); the temperature fallback does
    not always catch it on short clips. A phrase of 2–:data:`MAX_LOOP_WORDS` words repeated
    :data:`MIN_PHRASE_REPEATS` times in a row, or one word :data:`MIN_WORD_REPEATS` times,
    is cut back to its first copy (words compare by spoken form). A loop that runs into the
    end of the words usually stops inside a copy (the token budget ran out): that partial
    copy, a prefix of the phrase, goes too. Learners do repeat a word or restart a sentence,
    so two copies always stay.
    """
    keys = [normalize_word(clean_word(w.text)) for w in words]
    out: list[DecodedWord] = []
    i = 0
    while i < len(words):
        for n in range(1, MAX_LOOP_WORDS + 1):
            count = _repeats(keys, i, n)
            if count >= (MIN_WORD_REPEATS if n == 1 else MIN_PHRASE_REPEATS):
                out.extend(words[i : i + n])
                i += count * n
                rest = keys[i:]
                if len(rest) < n and rest == keys[i - n : i - n + len(rest)]:  # cut-off copy
                    i = len(words)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _fill_missing_times(words: list[DecodedWord], duration_s: float) -> list[tuple[float, float]]:
    """Times for every word: missing ones take the end of the previous word and the start of
    the next timed word (nearest-neighbour, as WhisperX's own interpolation)."""
    spans: list[tuple[float, float]] = []
    for i, word in enumerate(words):
        prev_end = spans[-1][1] if spans else 0.0
        start = word.start if word.start is not None else prev_end
        if word.end is not None:
            end = word.end
        else:
            nxt = next((w.start for w in words[i + 1 :] if w.start is not None), None)
            end = nxt if nxt is not None else duration_s
        spans.append((start, end))
    return spans


def _well_formed(spans: list[tuple[float, float]], duration_s: float) -> list[tuple[float, float]]:
    """Clamp into [0, duration], keep starts non-decreasing and give each word ≥ MIN_WORD_S."""
    out: list[tuple[float, float]] = []
    floor = 0.0
    last_start = max(duration_s - MIN_WORD_S, 0.0)
    for start, end in spans:
        start = _clamp(max(start, floor), 0.0, last_start)
        end = max(min(end, duration_s), start + MIN_WORD_S)
        out.append((round(start, 3), round(end, 3)))
        floor = start
    return out


def build_response(
    segments: Iterable[DecodedSegment],
    *,
    duration_s: float,
    language: str,
    engine: EngineInfo,
    no_speech_threshold: float,
    logprob_threshold: float,
) -> AsrResponse:
    """The contract response for decoded ``segments`` of an audio of ``duration_s`` seconds.

    Hallucinated segments (:func:`is_hallucination`), decoding loops
    (:func:`collapse_repetitions`) and punctuation-only words are dropped; confidence is the word probability clamped to [0, 1] (0.5 when
    the engine gives none). ``transcript`` joins the kept words as Whisper wrote them (casing, punctuation);
    ``normalized_transcript`` joins the words' spoken forms. ``no_speech`` is true exactly
    when no word remains.
    """
    kept: list[DecodedWord] = []
    for segment in segments:
        if not is_hallucination(
            segment, no_speech_threshold=no_speech_threshold, logprob_threshold=logprob_threshold
        ):
            kept.extend(w for w in segment.words if clean_word(w.text))
    kept = collapse_repetitions(kept)
    spans = _well_formed(_fill_missing_times(kept, duration_s), duration_s)
    words: list[AsrWord] = []
    for word, (start, end) in zip(kept, spans, strict=True):
        text = clean_word(word.text)
        probability = word.probability
        if probability is None or not math.isfinite(probability):
            probability = 0.5
        words.append(
            AsrWord(
                text=text,
                normalized=normalize_word(text) or text.lower(),
                start=start,
                end=end,
                confidence=round(_clamp(probability, 0.0, 1.0), 4),
            )
        )
    return AsrResponse(
        transcript=" ".join(w.text.strip() for w in kept),
        normalized_transcript=" ".join(w.normalized for w in words),
        language=language,
        duration_s=round(duration_s, 3),
        words=words,
        no_speech=not words,
        engine=engine,
    )
