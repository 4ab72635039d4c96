"""Names of the model input columns and the scales of the model outputs, shared by the feature
builders (features.py), the assessor and training (phoneme_diff_training), so a column is
spelled in one place.

The fitted LightGBM models store their feature names; a renamed column needs a retrained model.
"""

from __future__ import annotations

# --- scales (speechocean762's expert marks, Zhang et al., Interspeech 2021)
PHONE_SCORE_TO_100 = 50.0  # phone marks 0–2 (mean of five experts) → 0–100
WORD_SCORE_TO_100 = 10.0  # word accuracy 0–10 → 0–100

# --- phone rows: identity and own acoustics (features.phone_rows)
PHONE_ID = "phone_id"
REALIZED_ID = "realized_id"
GOP = "gop"

# --- phone rows: context (previous / next phones, k = 1..3)
CONTEXT_STEPS = (1, 2, 3)
CONTEXT_SIDES = ((-1, "prev"), (1, "next"))


def context_phone(side: str, k: int) -> str:
    """Column of the phone id ``k`` phones before (``side`` "prev") or after ("next")."""
    return f"phone_{side}{k}"


# Phone identities LightGBM treats as categorical.
PHONE_CATEGORICAL = [
    PHONE_ID,
    REALIZED_ID,
    context_phone("prev", 1),
    context_phone("next", 1),
    context_phone("prev", 2),
    context_phone("next", 2),
]

# --- phone rows: word-level statistics over the word's phones (features.word_phone_stats)
WORD_GOP_MEAN = "word_gop_mean"
WORD_GOP_MIN = "word_gop_min"
WORD_FRAMES = "word_frames"

# --- phone rows: utterance-level statistics (features.utterance_stats)
UTT_GOP_MEAN = "utt_gop_mean"

# --- phone rows: Whisper phone posteriors (features.whisper_columns)
WH_LPP = "wh_lpp"  # log P(expected phone)
WH_LPR = "wh_lpr"  # that minus the best other phone's
WH_QUALITY = "wh_quality"  # the phone-quality probe's estimate of the expert score (0–2)
WHISPER_COLUMNS = (
    WH_LPP,
    WH_LPR,
    "wh_lpp_prev1",
    "wh_lpp_next1",
    "wh_lpp_word_mean",
    "wh_lpp_word_min",
    "wh_lpp_utt_mean",
    WH_QUALITY,
    "wh_quality_prev1",
    "wh_quality_next1",
    "wh_quality_word_mean",
    "wh_quality_word_min",
    "wh_quality_utt_mean",
)

# --- phone and word rows: the Whisper decoder's word log-likelihoods (features.decoder_columns)
DEC_LOG_P = "dec_log_p"  # log P(the word's tokens | audio, previous words), nats
DEC_RATIO = "dec_ratio"  # that minus the same against silence (the decoder's prior)
DECODER_COLUMNS = (
    DEC_LOG_P,
    "dec_first",  # log P(the word's first token | …)
    "dec_rest",  # log P(its other tokens | …)
    DEC_RATIO,
    "dec_ratio_per_token",
    "dec_ratio_minus_utt",
    "dec_ratio_utt_mean",
)

# --- word rows (features.word_rows; word model inputs with features.word_model_row)
W_GOP_MEAN = "w_gop_mean"
W_GOP_MIN = "w_gop_min"
IS_LAST_WORD = "is_last_word"
P_MEAN = "p_mean"  # mean predicted phone score (0–2) of the word
