"""The Whisper evidence for stress (nucleus_stress.py) and for phone quality (phone_quality.py):
their columns, and the shipped models on real and synthesized speech."""

from __future__ import annotations

import math

import numpy as np
import pytest

from phoneme_diff_service.assessor import Assessor, word_specs
from phoneme_diff_service.features import aligned_phone_list, expected_phone_ids
from phoneme_diff_service.nucleus_stress import (
    STRESS_COLUMNS,
    nucleus_rows,
    stress_columns,
    word_logits,
)
from phoneme_diff_service.phone_quality import PhoneQualityProbe
from voicemesh.audio import Audio

from .conftest import clip, pronounce
from .test_phoneme_diff_engine import GOOD, GOOD_TEXT, Align, piper_voice, synthesize

MALE = "adult-male-but-again-he-has-made-a-very-clear-statement.wav"
MALE_TEXT = "BUT AGAIN HE HAS MADE A VERY CLEAR STATEMENT"
__all__ = ["piper_voice"]  # the fixture, imported for the Piper test below


def test_stress_columns_compare_the_primary_with_the_other_syllables() -> None:
    cols = stress_columns(1, [-1.0, 2.0, 0.5], [0, 1, 0])
    assert cols["wh_st_primary"] == 2.0 and cols["wh_st_minus_max"] == 1.5
    assert cols["wh_st_argmax"] == 1.0
    shares = np.exp([-1.0, 2.0, 0.5])
    assert cols["wh_st_share"] == pytest.approx(shares[1] / shares.sum())
    wrong = stress_columns(0, [-1.0, 2.0, 0.5], [1, 0, 0])
    assert wrong["wh_st_minus_max"] == -3.0 and wrong["wh_st_argmax"] == 0.0
    missing = stress_columns(2, [0.3, 0.1, math.nan], [0, 0, 1])  # the primary has no frames
    assert sorted(missing) == sorted(STRESS_COLUMNS)
    assert all(math.isnan(v) for v in missing.values())
    one_missing = stress_columns(0, [0.3, math.nan], [1, 0])  # only another syllable has none
    assert one_missing["wh_st_argmax"] == 1.0 and one_missing["wh_st_share"] == 1.0
    assert math.isnan(one_missing["wh_st_minus_max_unstressed"])


def test_a_strong_secondary_is_told_apart_from_a_strong_unstressed_syllable() -> None:
    """The same log-odds (the first syllable heard the strongest) in JAPANESE (JA has
    secondary stress: the rhythm rule) and in a word whose first syllable is unstressed."""
    logits = [3.0, -2.0, 1.0]
    secondary = stress_columns(2, logits, [2, 0, 1])
    unstressed = stress_columns(2, logits, [0, 0, 1])
    assert secondary["wh_st_minus_max"] == unstressed["wh_st_minus_max"] == -2.0
    assert secondary["wh_st_top_secondary"] == 1.0 and unstressed["wh_st_top_secondary"] == 0.0
    assert secondary["wh_st_minus_max_unstressed"] == 3.0  # against the middle syllable
    assert unstressed["wh_st_minus_max_unstressed"] == -2.0
    short = stress_columns(1, logits, [0, 1])  # stresses shorter than the syllables: 0
    assert short["wh_st_minus_max_unstressed"] == -5.0


def test_nucleus_rows_follow_the_utterance_phone_order(align: Align) -> None:
    audio = clip(GOOD)
    words = pronounce(GOOD_TEXT)
    specs = word_specs(words, align(audio, words))
    rows = nucleus_rows(specs)
    last = len(specs) - 1  # PRODUCTIVE, three syllables; every other word has one
    assert [(w, s) for w, s, _ in rows] == [(w, 0) for w in range(last)] + [
        (last, s) for s in range(3)
    ]
    phones = [p for spec in specs for p in spec.phones]
    assert all(phones[r][-1].isdigit() for _, _, r in rows)  # every row is a vowel


def test_probe_gives_nan_for_phones_it_has_no_model_for() -> None:
    k = 2
    probe = PhoneQualityProbe(
        mean=np.zeros(4),
        components=np.eye(4)[:, :k],
        z_mean=np.zeros(k),
        z_scale=np.ones(k),
        weights=np.array([[1.0, 0.0, 1.5], [np.nan, np.nan, np.nan]]),
    )
    pooled = np.array([[0.2, 0.0, 9.0, 9.0], [0.2, 0.0, 0, 0], [0.2, 0.0, 0, 0]])
    out = probe.predict(pooled, np.array([0.0, 1.0, 39.0]))
    assert out[0] == pytest.approx(1.7) and np.isnan(out[1:]).all()


def _pooled(assessor: Assessor, align: Align, audio: Audio, text: str) -> tuple:  # type: ignore[type-arg]
    words = pronounce(text)
    alignment = align(audio, words)
    specs = word_specs(words, alignment)
    return specs, assessor.whisper.pooled(audio, aligned_phone_list(specs, alignment))


def test_nucleus_classifier_hears_which_syllable_piper_stressed(
    assessor: Assessor, align: Align, piper_voice: object
) -> None:
    """Piper saying PHOTOGRAPHY as the dictionary has it (stress on the second syllable), and
    as PHOtoGRAphy (first syllable, the third with a full vowel): the expected primary sounds
    the most stressed only in the first."""
    said = {}
    for ipa in ("fətˈɑːɡɹəfi", "ˈfoʊtəɡɹæfi"):
        specs, pooled = _pooled(assessor, align, synthesize(piper_voice, ipa), "PHOTOGRAPHY")
        said[ipa] = word_logits(
            assessor.models.nucleus_stress, specs, pooled, expected_phone_ids(specs)
        )[0]
        assert len(said[ipa]) == 4 and np.isfinite(said[ipa]).all()
    right, wrong = said["fətˈɑːɡɹəfi"], said["ˈfoʊtəɡɹæfi"]
    assert int(np.argmax(right)) == 1, right
    assert wrong[0] > wrong[1] + 1.0, wrong  # log-odds
    assert (
        stress_columns(1, right, [0, 1, 0, 0])["wh_st_minus_max"]
        > 0
        > stress_columns(1, wrong, [0, 1, 0, 0])["wh_st_minus_max"]
    )


def test_quality_probe_rates_a_clip_against_its_own_sentence(
    assessor: Assessor, align: Align
) -> None:
    """The probe's mean estimate (expert scale 0–2) for a clip all experts marked right, read
    against its own sentence, against another sentence, and with 10 dB of pink noise added
    (tests/audio/README.md). It does not tell one phone from another (the phone classifier
    does); it hears how the speech sounds where the aligner put each phone."""

    def mean_quality(name: str, text: str) -> float:
        specs, pooled = _pooled(assessor, align, clip(name), text)
        quality = assessor.models.phone_quality.predict(pooled, expected_phone_ids(specs))
        assert np.isfinite(quality).all() and len(quality) == sum(len(s.phones) for s in specs)
        return float(quality.mean())

    own = mean_quality(MALE, MALE_TEXT)
    other = mean_quality(MALE, GOOD_TEXT)
    noisy = mean_quality("noise-test.wav", MALE_TEXT)
    assert own > 1.8, own
    assert other < own - 0.15, (own, other)  # measured 1.93 and 1.50
    assert abs(noisy - own) < 0.1, (own, noisy)  # measured 1.93 and 1.91
