"""Stress errors resynthesised from a learner's own clip (phoneme_diff_training/
stress_resynthesis.py): Praat's PSOLA edits do what they say on real speech, the edits move the
primary's prosody to the target syllable without ever weakening it, and the plan only takes
words every expert marked correctly stressed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from phoneme_diff_service.assessor import word_specs
from phoneme_diff_service.corpus import CorpusUtterance, CorpusWord, corpus_pronunciations
from phoneme_diff_service.prosody import UtteranceProsody
from phoneme_diff_training.stress_resynthesis import (
    CAPS,
    PRIMARY_SHRINK,
    ProsodyShift,
    Span,
    edits,
    plan,
    resynthesise,
    syllable_spans,
)
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignmentResponse
from voicemesh.contracts.phoneme_map import WordPronunciation

from .conftest import clip

DEMO = "adult-female-stress-error-it-was-a-sufficient-answer.wav"
BOUNDS = {"floor_hz": 75.0, "ceiling_hz": 600.0}
SUFFICIENT = CorpusUtterance(
    utt="demo",
    text="IT WAS A SUFFICIENT ANSWER",
    words=tuple(
        CorpusWord(text=t, phones=tuple(p.split()))
        for t, p in (
            ("IT", "IH0 T"),
            ("WAS", "W AA0 Z"),
            ("A", "AH0"),
            ("SUFFICIENT", "S AH0 F IH1 SH N T"),
            ("ANSWER", "AE1 N S ER0"),
        )
    ),
)
Aligner = Callable[[Audio, list[WordPronunciation]], AlignmentResponse]


def _semitones(audio: Audio, span: Span) -> float:
    f0 = UtteranceProsody(audio.samples, audio.sample_rate).nucleus(span.start, span.end).f0_hz
    assert f0 is not None
    return float(12 * np.log2(f0))


def _db(audio: Audio, span: Span) -> float:
    db = UtteranceProsody(audio.samples, audio.sample_rate).nucleus(span.start, span.end)
    assert db.intensity_db is not None
    return db.intensity_db


def test_psola_edits_change_f0_intensity_and_duration_where_asked() -> None:
    audio = clip(DEMO).resampled(16000)
    voiced, later = Span(0.9, 1.1), Span(2.2, 2.4)  # both inside speech in this clip
    same = resynthesise(audio, [], [], [], **BOUNDS)
    assert abs(len(same.samples) - len(audio.samples)) < 0.01 * audio.sample_rate
    assert abs(_semitones(same, voiced) - _semitones(audio, voiced)) < 0.3
    assert abs(_db(same, voiced) - _db(audio, voiced)) < 1.0

    raised = resynthesise(audio, [(voiced, 4.0)], [(voiced, 6.0)], [], **BOUNDS)
    assert _semitones(raised, voiced) - _semitones(same, voiced) == pytest.approx(4.0, abs=1.0)
    assert _db(raised, voiced) - _db(same, voiced) == pytest.approx(6.0, abs=1.5)
    assert abs(_semitones(raised, later) - _semitones(same, later)) < 0.3  # elsewhere: as was

    longer = resynthesise(audio, [], [], [(voiced, 2.0)], **BOUNDS)
    added = (len(longer.samples) - len(same.samples)) / audio.sample_rate
    assert added == pytest.approx(0.2, abs=0.03)


def test_the_shift_moves_the_primary_prominence_to_the_target_syllable(align: Aligner) -> None:
    audio = clip(DEMO).resampled(16000)
    expected = corpus_pronunciations(SUFFICIENT)
    alignment = align(audio, expected)
    spec = word_specs(expected, alignment)[3]
    word = alignment.words[3]
    assert spec.primary == 1 and word.aligned
    shift = ProsodyShift("demo", 3, 0, ratio=1.5, semitones=3.0, decibels=3.0)
    prosody = UtteranceProsody(audio.samples, audio.sample_rate)
    moved = edits(shift, spec, word, prosody)

    (target, stretch), (primary, shrink) = moved["duration"]
    assert 1.0 <= stretch <= CAPS["stretch"] and shrink == PRIMARY_SHRINK
    for edit, cap in (("pitch", "semitones"), ("gain", "decibels")):
        (_, up), (_, down) = moved[edit]
        assert 0.0 <= up <= CAPS[cap] and down < 0.0
    whole, nucleus = syllable_spans(spec, word)
    assert (target, primary) == (nucleus[0], nucleus[1])

    shifted = resynthesise(audio, **moved, **BOUNDS)
    again = align(shifted, expected)
    whole_after, after = syllable_spans(spec, again.words[3])
    before_gap = _semitones(audio, whole[1]) - _semitones(audio, whole[0])
    after_gap = _semitones(shifted, whole_after[1]) - _semitones(shifted, whole_after[0])
    assert after_gap < before_gap - 2.0  # F0 now favours the first syllable far more
    duration = [s.end - s.start for s in after]
    assert duration[0] / duration[1] > (nucleus[0].end - nucleus[0].start) / (
        nucleus[1].end - nucleus[1].start
    )


def test_the_plan_takes_only_words_every_expert_heard_right(align: Aligner) -> None:
    audio = clip(DEMO).resampled(16000)
    alignment = align(audio, corpus_pronunciations(SUFFICIENT))
    corpus = [
        CorpusUtterance(utt=f"u{i}", text=SUFFICIENT.text, words=SUFFICIENT.words) for i in range(5)
    ]
    shares = {f"u{i}": [0.0, 0.0, 0.0, 0.2 if i % 2 else 0.0, 0.0] for i in range(5)}
    shifts = plan(corpus, shares, lambda _utt: alignment, n=4, seed=3)
    assert shifts == plan(corpus, shares, lambda _utt: alignment, n=4, seed=3)
    assert len(shifts) == 4 and len({s.utt for s in shifts}) == 4
    for s in shifts:  # SUFFICIENT (3) only where no expert marked it; ANSWER (4) anywhere
        assert s.word == 4 or (s.word == 3 and shares[s.utt][3] == 0.0)
        assert s.syllable == (0 if s.word == 3 else 1)
    none_right = {u: [0.4] * 5 for u in shares}
    assert plan(corpus, none_right, lambda _utt: alignment, n=4) == []
