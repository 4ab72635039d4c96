"""The Whisper decoder's word log-likelihoods: the real model on real speech, the columns built
from them, and the 30 s window a word is scored in."""

from __future__ import annotations

import numpy as np
import pytest

from phoneme_diff_service.feature_columns import DEC_RATIO, DECODER_COLUMNS
from phoneme_diff_service.features import decoder_columns
from phoneme_diff_service.whisper_decoder import (
    WhisperWordScorer,
    WordLikelihoods,
    decoder_text,
    word_windows,
)
from phoneme_diff_service.whisper_features import WhisperEncoder

from .conftest import clip
from .test_phoneme_diff_engine import GOOD, GOOD_TEXT


@pytest.fixture(scope="module")
def scorer(encoder: WhisperEncoder) -> WhisperWordScorer:
    return WhisperWordScorer(encoder)


@pytest.fixture(scope="module")
def frames(encoder: WhisperEncoder) -> np.ndarray:
    return encoder.encode(clip(GOOD))


def test_a_word_the_speaker_did_not_say_is_unlikely(
    scorer: WhisperWordScorer, frames: np.ndarray
) -> None:
    said = GOOD_TEXT.split()
    swapped = [*said[:-1], "ELEPHANT"]  # the clip ends with "productive"
    starts = [None] * len(said)
    right, wrong = scorer.score(frames, said, starts), scorer.score(frames, swapped, starts)
    # the words before the swap have the same context: the same values
    np.testing.assert_allclose(right.log_p[:-1], wrong.log_p[:-1], atol=1e-4)
    # what the audio adds to the decoder's prior: clearly positive for a word said, and
    # several nats lower for one not said
    assert right.ratio[-1] > 2.0
    assert wrong.ratio[-1] < right.ratio[-1] - 5.0
    assert np.all(right.tokens >= 1)


def test_casing_does_not_change_the_scores(scorer: WhisperWordScorer, frames: np.ndarray) -> None:
    upper = GOOD_TEXT.split()
    lower = [w.lower() for w in upper]
    a = scorer.score(frames, upper, [None] * len(upper))
    b = scorer.score(frames, lower, [None] * len(lower))
    np.testing.assert_array_equal(a.log_p, b.log_p)
    assert decoder_text(["WE", "CALL", "IT"]) == ["We", "call", "it"]


def test_columns_of_missing_likelihoods_are_nan() -> None:
    columns = decoder_columns(WordLikelihoods.missing(3))
    assert len(columns) == 3
    assert all(sorted(c) == sorted(DECODER_COLUMNS) for c in columns)
    assert all(np.isnan(v) for c in columns for v in c.values())


def test_ratio_columns_are_relative_to_the_utterance() -> None:
    lk = WordLikelihoods(
        log_p=np.array([-1.0, -9.0]),
        first=np.array([-0.5, -8.0]),
        prior=np.array([-4.0, -6.0]),
        tokens=np.array([1.0, 2.0]),
    )
    a, b = decoder_columns(lk)
    assert (a[DEC_RATIO], b[DEC_RATIO]) == (3.0, -3.0)
    assert b["dec_ratio_per_token"] == -1.5
    assert (a["dec_ratio_minus_utt"], b["dec_ratio_utt_mean"]) == (3.0, 0.0)
    assert b["dec_rest"] == -1.0


def test_words_are_scored_in_the_window_they_start_in() -> None:
    # 3,000 frames = two 30 s windows; an unaligned word joins the word before it
    assert word_windows([0.5, None, 31.0, None, 59.99], 3000) == [0, 0, 1, 1, 1]
    assert word_windows([None, 12.0], 700) == [0, 0]
    assert word_windows([45.0], 1200) == [0]  # a start past the frames: the last window
