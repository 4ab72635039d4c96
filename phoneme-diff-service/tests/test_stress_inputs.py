"""The stress models' word and utterance inputs and the monosyllable stress score."""

from __future__ import annotations

import math

import numpy as np

from phoneme_diff_service.features import Nucleus
from phoneme_diff_service.models import Models
from phoneme_diff_service.settings import MODELS_DIR
from phoneme_diff_service.stress import monosyllable_stress_score
from phoneme_diff_service.stress_inputs import (
    CUE_MARGINS,
    accuracy_gated,
    monosyllable_stress_row,
    stress_with_word,
    utterance_word_columns,
)

WORD_ROW = {
    "aligned": 1.0,
    "weak_form": 1.0,
    "n_phones": 3.0,
    "w_gop_mean": -1.5,
    "w_duration": 0.31,
}


def test_utterance_columns_summarise_every_word_of_the_reading() -> None:
    cols = utterance_word_columns(np.array([9.0, 6.0, 8.0, 3.0]))
    assert cols == {"u_word_mean": 6.5, "u_word_min": 3.0, "u_word_low": 0.5, "u_words": 4.0}
    empty = utterance_word_columns(np.zeros(0))
    assert math.isnan(empty["u_word_mean"]) and empty["u_words"] == 0.0


def test_stress_row_keeps_the_prosody_and_adds_word_and_utterance() -> None:
    utterance = utterance_word_columns(np.array([9.0, 5.0]))
    row = stress_with_word({"st_primary_z": 0.7}, 5.0, utterance)
    assert row["st_primary_z"] == 0.7 and row["word_accuracy_pred"] == 5.0
    assert row["u_word_low"] == 0.5


def test_cue_margins_are_weighed_by_how_well_the_word_was_said() -> None:
    row = {"dur_minus_max": -1.2, "wh_st_minus_max": -4.0, "word_accuracy_pred": 8.0}
    gated = accuracy_gated(row)
    assert gated["dur_minus_max_x_acc"] == -1.2 * 0.8 and gated["wh_st_minus_max_x_acc"] == -3.2
    assert "int_minus_max_x_acc" not in gated  # a margin the row lacks
    assert accuracy_gated(gated) == gated
    garbled = accuracy_gated(row | {"word_accuracy_pred": 0.0})
    assert garbled["wh_st_minus_max_x_acc"] == 0.0


def test_the_shipped_stress_models_read_every_gated_margin() -> None:
    names = set(Models.load(MODELS_DIR).stress.names)
    assert {f"{c}_x_acc" for c in CUE_MARGINS} <= names


def test_monosyllable_row_reads_the_most_prominent_measured_nucleus() -> None:
    quiet = Nucleus(0.08, -1.0, 60.0, 180.0, -2.0, z_duration=-1.0, z_intensity=-1.2, z_f0=0.1)
    loud = Nucleus(0.25, 1.4, 72.0, 240.0, -0.5, z_duration=1.1, z_intensity=1.3, z_f0=0.9)
    missing = Nucleus(None, None, None, None, None)
    utterance = utterance_word_columns(np.array([8.0]))
    row = monosyllable_stress_row(
        WORD_ROW, np.array([1.8, 0.6, 1.2]), [quiet, loud, missing], 7.5, utterance
    )
    assert row["n_z_intensity"] == 1.3 and row["n_duration_z"] == 1.4
    assert row["p_min"] == 0.6 and math.isclose(row["p_mean"], 1.2)
    assert row["word_accuracy_pred"] == 7.5 and row["weak_form"] == 1.0
    unaligned = monosyllable_stress_row(WORD_ROW, np.zeros(0), [missing], 0.0, utterance)
    assert math.isnan(unaligned["n_z_f0"]) and math.isnan(unaligned["p_mean"])


def test_monosyllable_score_falls_with_the_probability_and_stays_in_range() -> None:
    scores = monosyllable_stress_score(np.array([0.0, 0.1, 0.5, 1.0]), 20.0)
    assert list(scores) == [100.0, 98.0, 90.0, 80.0]
    assert monosyllable_stress_score(1.0, 400.0) == 0.0
