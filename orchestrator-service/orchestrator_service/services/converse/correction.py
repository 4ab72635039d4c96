"""The one correction a tutor may weave into its reply: the worst clearly wrong word of the
learner's turn, as a short phrase the tutor can say ("'productive': stress the second
syllable", "the sound /θ/ in 'think'"). Stress errors and phone errors come from the
assessment (phoneme-diff-service); low-severity findings are left alone, so that a correction
is rare and right rather than frequent and doubtful."""

from __future__ import annotations

from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse, WordAssessment

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_SEVERITY = {"none": 0, "low": 1, "medium": 2, "high": 3}


def _phrase(word: WordAssessment) -> str | None:
    stress = word.stress
    if stress.applicable and stress.is_error and stress.expected_primary is not None:
        index = stress.expected_primary
        ordinal = _ORDINALS[index] if index < len(_ORDINALS) else f"number {index + 1}"
        return f"'{word.text}': stress the {ordinal} syllable"
    wrong = [p for p in word.phones if p.status in ("substituted", "deleted") and p.expected]
    if wrong:
        worst = min(wrong, key=lambda p: p.score)
        return f"the sound /{worst.ipa}/ in '{word.text}'"
    return None


def pick_correction(assessment: PhonemeDiffResponse | None) -> str | None:
    """The correction for the most severe medium/high word (lowest accuracy breaks ties)."""
    if assessment is None:
        return None
    candidates = [w for w in assessment.words if _SEVERITY[w.severity] >= 2 and not w.weak_form]
    for word in sorted(candidates, key=lambda w: (-_SEVERITY[w.severity], w.accuracy)):
        if phrase := _phrase(word):
            return phrase
    return None
