"""Pronunciation plans: stress stripping, dictionary keys, ERN variants and their caps."""

from __future__ import annotations

import pytest

from alignment_service.services.alignment_result import realized_phones
from alignment_service.services.l2_substitutions import DEFAULT_L2_SUBSTITUTIONS
from alignment_service.services.pronunciations import (
    Variant,
    normalize_substitutions,
    plan_word,
    plan_words,
    realized_phone,
)
from voicemesh.contracts.alignment import AlignmentWordIn
from voicemesh.errors import InvalidRequest
from voicemesh_speech.phones import PHONES

THINK = AlignmentWordIn(text="THINK", phones=["TH", "IH1", "NG", "K"])


def test_keys_are_pronunciations_without_stress() -> None:
    plan = plan_word(0, THINK, {}, 0)
    assert plan.phones == ("TH", "IH", "NG", "K")
    assert plan.expected == ("TH", "IH1", "NG", "K")
    assert plan.key == "@th_ih_ng_k" and plan.variants == ()


def test_variants_substitute_one_phone_at_a_time_rank_by_rank() -> None:
    table = normalize_substitutions(DEFAULT_L2_SUBSTITUTIONS)
    plan = plan_word(0, THINK, table, max_variants=4)
    # first substitute of every phone that has one (TH, IH, NG), then TH's second
    assert plan.variants == (
        Variant(0, "T"),
        Variant(1, "IY"),
        Variant(2, "N"),
        Variant(0, "S"),
    )
    assert plan.variant_phones(plan.variants[1]) == ("TH", "IY", "NG", "K")
    assert plan.variant_key(plan.variants[0]) == "@t_ih_ng_k"
    assert len(plan_word(0, THINK, table, max_variants=2).variants) == 2


def test_request_substitutions_are_normalized_and_validated() -> None:
    assert normalize_substitutions({"IH1": ["IY0", "IH2"], "K": []}) == {"IH": ("IY",)}
    with pytest.raises(InvalidRequest, match="substitutions"):
        normalize_substitutions({"TH": ["Q"]})
    with pytest.raises(InvalidRequest, match=r"words\[1\]"):
        plan_words([THINK, AlignmentWordIn.model_construct(text="X", phones=["AX"])], {}, 0)


def test_default_list_uses_only_pocketsphinx_phones() -> None:
    for expected, subs in DEFAULT_L2_SUBSTITUTIONS.items():
        assert expected in PHONES and subs
        assert all(s in PHONES and s != expected for s in subs)


def test_realized_phone_keeps_the_vowel_stress() -> None:
    assert realized_phone("IH1", "IY") == "IY1"
    assert realized_phone("IH1", "IH") == "IH1"
    assert realized_phone("TH", "T") == "T"


def test_realized_marks_only_phones_that_had_alternatives() -> None:
    plan = plan_word(0, THINK, {"TH": ("T",)}, 4)
    assert realized_phones(plan, 0) == ["T", None, None, None]
    assert realized_phones(plan, -1) == ["TH", None, None, None]
    assert realized_phones(plan, None) == [None] * 4
