"""Whisper phone evidence: frame pooling, the posterior columns, and the real encoder and
classifier on real speech."""

from __future__ import annotations

import numpy as np
import pytest

from phoneme_diff_service.assessor import Assessor, word_specs
from phoneme_diff_service.feature_columns import WHISPER_COLUMNS
from phoneme_diff_service.features import EDGE_ID, PHONE_IDS, aligned_phone_list, whisper_columns
from phoneme_diff_service.whisper_features import (
    ENCODER_DIM,
    WhisperEncoder,
    phone_frames,
    pool_phones,
)
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignedPhone

from .conftest import clip, pronounce
from .test_phoneme_diff_engine import GOOD, GOOD_TEXT, Align


def phone(start: float, end: float) -> AlignedPhone:
    frames = round((end - start) * 100)
    return AlignedPhone(phone="AH0", start=start, end=end, frames=frames, score=-1.0)


def test_phones_pool_the_encoder_frames_they_overlap() -> None:
    frames = np.repeat(np.arange(10, dtype=np.float32)[:, None], 3, axis=1)  # frame i holds i
    phones = [
        phone(0.05, 0.11),  # 50–110 ms overlaps frames 2, 3, 4, 5 (20 ms each)
        phone(0.06, 0.08),  # exactly frame 3 (0.06 / 0.02 is 2.999… in floating point)
        phone(0.10, 0.11),  # 10 ms, shorter than a frame: the frame it starts in (5)
        phone(0.13, 0.13),  # zero length: still frame 6
        None,  # unaligned
        phone(0.19, 0.40),  # runs past the last frame (9): clipped
        phone(0.50, 0.60),  # starts after the audio's frames: nothing to pool
    ]
    pooled = pool_phones(frames, phones)
    assert pooled.shape == (7, 3)
    assert pooled[:, 0].tolist()[:4] == [3.5, 3.0, 5.0, 6.0]
    assert np.isnan(pooled[4]).all()
    assert pooled[5, 0] == 9.0
    assert np.isnan(pooled[6]).all()
    assert phone_frames(0.10, 0.11) == (5, 6)


def test_posterior_columns_read_the_expected_phone() -> None:
    n_classes = len(PHONE_IDS)
    log_probs = np.log(np.full((4, n_classes), 0.5 / (n_classes - 1)))
    ids = np.array([PHONE_IDS["K"], PHONE_IDS["AE"], PHONE_IDS["T"], EDGE_ID])
    log_probs[0, PHONE_IDS["K"]] = np.log(0.5)  # the expected phone is the most likely
    log_probs[1, PHONE_IDS["AE"]] = np.log(0.1)
    log_probs[1, PHONE_IDS["EH"]] = np.log(0.4)  # a more likely competitor
    log_probs[2] = np.nan  # no frames
    quality = np.array([1.8, 0.4, np.nan, np.nan])  # the probe's estimates (0–2)
    cols = whisper_columns(log_probs, quality, ids, np.array([0, 0, 0, 1]))
    assert sorted(cols) == sorted(WHISPER_COLUMNS)
    assert cols["wh_lpp"][0] == pytest.approx(np.log(0.5))
    assert cols["wh_lpr"][0] > 0 > cols["wh_lpr"][1]
    assert cols["wh_lpr"][1] == pytest.approx(np.log(0.1) - np.log(0.4))
    assert np.isnan(cols["wh_lpp"][2:]).all()  # no frames; a phone outside the 39
    assert np.isnan(cols["wh_lpp_prev1"][0]) and cols["wh_lpp_next1"][0] == cols["wh_lpp"][1]
    assert cols["wh_lpp_word_min"][2] == cols["wh_lpp"][1]
    assert cols["wh_lpp_word_mean"][0] == pytest.approx(np.mean(cols["wh_lpp"][:2]))
    assert np.isnan(cols["wh_lpp_word_mean"][3])
    assert cols["wh_lpp_utt_mean"][3] == cols["wh_lpp_word_mean"][0]
    assert cols["wh_quality"].tolist()[:2] == [1.8, 0.4]
    assert cols["wh_quality_word_min"][0] == 0.4 and cols["wh_quality_next1"][0] == 0.4
    assert cols["wh_quality_utt_mean"][3] == pytest.approx(1.1)


def test_encoder_gives_one_frame_per_20_ms_also_past_30_s(encoder: WhisperEncoder) -> None:
    audio = clip(GOOD)
    frames = encoder.encode(audio)
    assert frames.shape[1] == ENCODER_DIM and np.isfinite(frames).all()
    assert abs(len(frames) - audio.duration_s / 0.02) <= 1
    long = Audio(np.tile(audio.samples, int(np.ceil(35 / audio.duration_s))), 16000)
    long_frames = encoder.encode(long)  # two 30 s windows, concatenated
    assert abs(len(long_frames) - long.duration_s / 0.02) <= 2
    assert np.isfinite(long_frames).all()


def test_classifier_recognises_the_phones_of_a_good_reading(
    assessor: Assessor, align: Align
) -> None:
    audio = clip(GOOD)
    words = pronounce(GOOD_TEXT)
    alignment = align(audio, words)
    specs = word_specs(words, alignment)
    log_probs = assessor.whisper.log_probs(
        assessor.whisper.pooled(audio, aligned_phone_list(specs, alignment))
    )
    expected = [PHONE_IDS[p.rstrip("012")] for w in words for p in w.phones]
    assert log_probs.shape == (len(expected), len(PHONE_IDS))
    assert np.allclose(np.exp(log_probs).sum(axis=1), 1.0)
    top1 = float(np.mean(log_probs.argmax(axis=1) == np.array(expected)))
    assert top1 >= 0.6, top1  # chance: 1/39


def test_posteriors_drop_for_a_word_that_was_not_said(assessor: Assessor, align: Align) -> None:
    """The same audio read against the wrong last word: the Whisper evidence alone says so."""
    audio = clip(GOOD)

    def last_word_lpp(text: str) -> float:
        words = pronounce(text)
        alignment = align(audio, words)
        specs = word_specs(words, alignment)
        log_probs = assessor.whisper.log_probs(
            assessor.whisper.pooled(audio, aligned_phone_list(specs, alignment))
        )
        ids = np.array([PHONE_IDS[p.rstrip("012")] for w in words for p in w.phones])
        word_of = np.array([i for i, w in enumerate(words) for _ in w.phones])
        quality = np.zeros(len(ids))  # not read here
        lpp = whisper_columns(log_probs, quality, ids, word_of)["wh_lpp"]
        return float(np.nanmean(lpp[word_of == len(words) - 1]))

    right = last_word_lpp(GOOD_TEXT)
    wrong = last_word_lpp("SO YOU WANT TO BE MORE ELEPHANT")
    assert wrong < right - 1.0, (right, wrong)  # nats per phone
