"""Phone status rules: a reduced vowel in a weak form of a function word is not an error."""

from __future__ import annotations

import pytest

from phoneme_diff_service.phone_scoring import PhoneRules, assess_phone
from voicemesh.contracts.alignment import AlignedPhone

RULES = PhoneRules(error_threshold=70.0)
LOW, HIGH = 40.0, 95.0


def aligned(phone: str, realized: str | None = None, frames: int = 8) -> AlignedPhone:
    return AlignedPhone(
        phone=phone,
        realized=realized,
        start=0.5,
        end=0.5 + frames / 100,
        frames=frames,
        score=-500.0,
        gop=-3.0,
    )


@pytest.mark.parametrize(
    ("realized", "frames", "score"),
    [("AH1", 8, HIGH), ("AH1", 8, LOW), (None, 8, LOW), ("AA1", 8, LOW), (None, 3, LOW)],
    ids=["schwa", "schwa-low", "kept-low", "kept-explicit-low", "squeezed"],
)
def test_a_reduced_weak_form_vowel_is_correct(
    realized: str | None, frames: int, score: float
) -> None:
    verdict = assess_phone(
        "AA1", aligned("AA1", realized, frames), score, weak_form=True, rules=RULES
    )
    assert verdict.status == "correct"
    assert verdict.realized == ("AH1" if realized == "AH1" else None if score < 70 else "AA1")


def test_a_weak_form_vowel_said_as_another_full_vowel_is_an_error() -> None:
    verdict = assess_phone("AA1", aligned("AA1", "AO1"), LOW, weak_form=True, rules=RULES)
    assert (verdict.status, verdict.realized) == ("substituted", "AO1")


@pytest.mark.parametrize(
    ("realized", "frames", "status", "shown"),
    [(None, 8, "substituted", None), ("AH1", 8, "substituted", "AH1"), (None, 3, "deleted", None)],
)
def test_outside_weak_forms_a_low_vowel_is_an_error(
    realized: str | None, frames: int, status: str, shown: str | None
) -> None:
    verdict = assess_phone(
        "AA1", aligned("AA1", realized, frames), LOW, weak_form=False, rules=RULES
    )
    assert (verdict.status, verdict.realized) == (status, shown)


def test_consonants_of_weak_forms_are_judged_as_usual() -> None:
    verdict = assess_phone("Z", aligned("Z", frames=3), LOW, weak_form=True, rules=RULES)
    assert verdict.status == "deleted"
