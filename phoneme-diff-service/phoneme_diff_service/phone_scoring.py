"""Per-phone verdicts: the model's score (0–100) plus the status rules.

- correct: the score is at or above the error threshold chosen in cross-validation
  (manifest.json), or the phone is the vowel of a weak form that was reduced: the aligner chose
  /ə ɪ ɚ ʊ/, kept the vowel but scored it low, or squeezed it to the minimum (elided, as in
  "was" → [wz]) — in connected speech that is the expected way to say it (docs/architecture.md: weak forms
  of function words are not errors). A weak form's vowel replaced by a full, different vowel
  is still an error. The
  aligner's substitute choice alone is not an error: on speech the experts marked perfect the
  extended recognition network still picks variants (R → L, IH → IY), so the phone model
  weighs it with the other evidence.
- substituted: the score is below the threshold; realized is the substitute the aligner chose
  (extended recognition network), or None (unknown) when it kept the expected phone.
- deleted: the word could not be aligned, or the phone was squeezed to the 3-frame minimum
  (PocketSphinx's shortest path through a phone HMM) and scored below the threshold.
- inserted: a phone the aligner heard that the expected pronunciation lacks (an epenthetic
  vowel after a final consonant, ``AlignedWord.inserted``); it follows the word's expected
  phones and scores 0 (it should not be there; the experts mark such a phone as an error).
"""

from __future__ import annotations

from dataclasses import dataclass

from phoneme_diff_service.features import MIN_FRAMES
from voicemesh.contracts.alignment import AlignedPhone
from voicemesh.contracts.phoneme_diff import PhoneAssessment, PhoneStatus
from voicemesh_speech.phones import base_phone, is_vowel, phone_ipa

UNALIGNED_SCORE_CAP = 10.0  # a phone of a word the aligner could not place: near the floor
WEAK_VOWELS = frozenset({"AH", "IH", "ER", "UH"})  # /ə ɪ ɚ ʊ/: reductions of function words


@dataclass(frozen=True)
class PhoneRules:
    error_threshold: float = 50.0  # 0–100: below → not correct


def _weak_reduction(expected: str, realized: str, weak_form: bool) -> bool:
    """The vowel of a weak form said reduced: a weak vowel, or the expected one (kept by the
    aligner even when it was squeezed or scored low)."""
    if not (weak_form and is_vowel(expected)):
        return False
    return base_phone(realized) in WEAK_VOWELS or base_phone(realized) == base_phone(expected)


def inserted_phone(aligned: AlignedPhone) -> PhoneAssessment:
    """The verdict on an inserted phone (``expected`` None)."""
    return PhoneAssessment(
        expected=None,
        realized=aligned.phone,
        ipa=phone_ipa(aligned.phone),
        status="inserted",
        score=0.0,
        start=aligned.start,
        end=aligned.end,
        gop=aligned.gop,
    )


def assess_phone(
    expected: str,
    aligned: AlignedPhone | None,
    score: float,
    *,
    weak_form: bool,
    rules: PhoneRules,
) -> PhoneAssessment:
    """One phone's verdict. ``score`` is the model's 0–100 prediction."""
    if aligned is None:
        return PhoneAssessment(
            expected=expected,
            realized=None,
            ipa=phone_ipa(expected),
            status="deleted",
            score=round(min(score, UNALIGNED_SCORE_CAP), 1),
            start=None,
            end=None,
            gop=None,
        )
    realized = aligned.realized or expected
    swapped = base_phone(realized) != base_phone(expected)
    low = score < rules.error_threshold
    status: PhoneStatus
    shown: str | None = expected
    if (low or swapped) and _weak_reduction(expected, realized, weak_form):
        status, shown = "correct", realized if swapped else None
    elif low and swapped:
        status, shown = "substituted", realized
    elif low and aligned.frames <= MIN_FRAMES:
        status, shown = "deleted", None
    elif low:
        status, shown = "substituted", None
    else:
        status = "correct"
    return PhoneAssessment(
        expected=expected,
        realized=shown,
        ipa=phone_ipa(expected),
        status=status,
        score=round(float(score), 1),
        start=round(aligned.start, 3),
        end=round(aligned.end, 3),
        gop=None if aligned.gop is None else round(aligned.gop, 3),
    )
