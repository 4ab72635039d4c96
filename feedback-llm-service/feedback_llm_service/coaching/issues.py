"""Issues found in an assessment (a PhonemeDiffResponse): one per word and problem.

Detectors, in the order the feedback cares about them:

* ``lexical_stress`` — the diff's stress verdict (``stress.is_error``) on a word;
* ``reduced_vowel`` — an unstressed schwa (AH0, ER0) realized as a full vowel, or, from the
  prosody, an unstressed schwa syllable with duration z ≥ 2 that is clearly (≥ 0.5 z) more
  prominent than the word's stressed syllable while the stress verdict was not an error;
* ``sentence_stress`` — a weak-form function word with peak prominence ≥ 1.0 z and ≥ 1.0 z above
  the mean peak of the content words (needs ≥ 2 content words with prosody);
* sounds from substituted or deleted phones: ``th_sound``, ``v_w_sound``, ``r_l_sound``,
  ``vowel_length`` (IH/IY) through the curated contrasts; ``final_consonant`` for a dropped
  word-final consonant, a vowel added after the last consonant or a devoiced final consonant;
  ``other_sound`` for any other substitution or deletion;
* ``missing_word`` — a word the diff marked as omitted.

The thresholds are heuristics on the z-scored prominence of the diff service, chosen so that a
correct reading (speechocean762 utt 000360190, all words 10/10) raises no issue.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from feedback_llm_service.coaching.contrasts import DEVOICED, Contrast, contrast_for
from voicemesh.contracts.phoneme_diff import (
    PhoneAssessment,
    PhonemeDiffResponse,
    Severity,
    WordAssessment,
)
from voicemesh_speech.phones import is_vowel, split_stress

SEVERITY_RANK: dict[str, int] = {"none": 0, "low": 1, "medium": 2, "high": 3}
SCHWA_NUCLEI = frozenset({"AH0", "ER0"})
SCHWA_MIN_DURATION_Z = 2.0
SCHWA_MIN_MARGIN = 0.5
FUNCTION_WORD_MIN_PROMINENCE = 1.0
FUNCTION_WORD_MIN_MARGIN = 1.0


@dataclass(frozen=True)
class Issue:
    """``kind`` is the priority category; phones are ARPAbet without stress digits."""

    kind: str
    word_index: int
    word: str
    severity: Severity
    contrast: Contrast | None = None
    expected: str | None = None
    realized: str | None = None
    change: str = ""  # substituted | deleted | added_vowel | devoiced | full_vowel | long_vowel
    syllable_index: int | None = None


def severity_of_score(score: float) -> Severity:
    """Phone or word score 0–100 → severity of a detected problem (never "none")."""
    return "high" if score < 40 else "medium" if score < 60 else "low"


def _max_severity(*levels: Severity) -> Severity:
    return max(levels, key=SEVERITY_RANK.__getitem__)


def _word_severity(word: WordAssessment, score: float) -> Severity:
    return _max_severity(
        severity_of_score(score), word.severity if word.severity != "none" else "low"
    )


def stress_issues(index: int, word: WordAssessment) -> list[Issue]:
    verdict = word.stress
    if not (verdict.applicable and verdict.is_error and verdict.expected_primary is not None):
        return []
    return [Issue("lexical_stress", index, word.text, _word_severity(word, verdict.score))]


def _schwa_from_prosody(index: int, word: WordAssessment) -> list[Issue]:
    verdict = word.stress
    if word.weak_form or not verdict.applicable or verdict.is_error:
        return []
    # An index outside the syllables: an inconsistent assessment (bench/fuzz.py sent one).
    if verdict.expected_primary is None or not (
        0 <= verdict.expected_primary < len(verdict.syllables)
    ):
        return []
    primary = verdict.syllables[verdict.expected_primary].prominence
    issues = []
    for i, syl in enumerate(verdict.syllables):
        if syl.nucleus not in SCHWA_NUCLEI or syl.duration_z is None:
            continue
        if syl.duration_z >= SCHWA_MIN_DURATION_Z and syl.prominence >= primary + SCHWA_MIN_MARGIN:
            issues.append(
                Issue(
                    "reduced_vowel",
                    index,
                    word.text,
                    "low",
                    expected=syl.nucleus[:2],
                    change="long_vowel",
                    syllable_index=i,
                )
            )
    return issues


def _syllable_of_phone(word: WordAssessment, phone_position: int) -> int | None:
    """Index of the stress syllable holding expected phone number ``phone_position``."""
    count = 0
    for i, syl in enumerate(word.stress.syllables):
        count += len(syl.phones)
        if phone_position < count:
            return i
    return None


def _expected_positions(phones: list[PhoneAssessment]) -> list[int | None]:
    """Position of each phone among the expected phones (None for inserted phones)."""
    out: list[int | None] = []
    n = 0
    for p in phones:
        out.append(n if p.expected is not None else None)
        n += p.expected is not None
    return out


def sound_issues(index: int, word: WordAssessment) -> list[Issue]:
    phones = word.phones
    positions = _expected_positions(phones)
    expected_bases = [split_stress(p.expected)[0] for p in phones if p.expected is not None]
    vowel_positions = [i for i, p in enumerate(expected_bases) if is_vowel(p)]
    last_vowel = vowel_positions[-1] if vowel_positions else -1
    issues: list[Issue] = []
    for k, phone in enumerate(phones):
        severity = _max_severity(severity_of_score(phone.score), "low")
        pos = positions[k]
        if phone.status == "inserted":
            at_end = k > 0 and all(q is None for q in positions[k:])
            final_consonant = bool(expected_bases) and not is_vowel(expected_bases[-1])
            if at_end and final_consonant and phone.realized and is_vowel(phone.realized):
                issues.append(
                    Issue(
                        "final_consonant",
                        index,
                        word.text,
                        severity,
                        expected=expected_bases[-1],
                        change="added_vowel",
                    )
                )
            continue
        if phone.status not in ("substituted", "deleted") or phone.expected is None:
            continue
        expected, _stress = split_stress(phone.expected)
        realized = split_stress(phone.realized)[0] if phone.realized else None
        in_coda = pos is not None and pos > last_vowel
        if phone.expected in SCHWA_NUCLEI and realized and realized not in {"AH", "ER", "IH"}:
            issues.append(
                Issue(
                    "reduced_vowel",
                    index,
                    word.text,
                    severity,
                    expected=expected,
                    realized=realized,
                    change="full_vowel",
                    syllable_index=_syllable_of_phone(word, pos or 0),
                )
            )
        elif phone.status == "deleted" and in_coda and not is_vowel(expected):
            issues.append(
                Issue(
                    "final_consonant",
                    index,
                    word.text,
                    severity,
                    expected=expected,
                    change="deleted",
                )
            )
        elif in_coda and pos == len(expected_bases) - 1 and DEVOICED.get(expected) == realized:
            issues.append(
                Issue(
                    "final_consonant",
                    index,
                    word.text,
                    severity,
                    expected=expected,
                    realized=realized,
                    change="devoiced",
                )
            )
        elif (contrast := contrast_for(expected, realized)) is not None:
            issues.append(
                Issue(
                    contrast.issue,
                    index,
                    word.text,
                    severity,
                    contrast=contrast,
                    expected=expected,
                    realized=realized,
                    change=phone.status,
                )
            )
        else:
            issues.append(
                Issue(
                    "other_sound",
                    index,
                    word.text,
                    severity,
                    expected=expected,
                    realized=realized,
                    change=phone.status,
                )
            )
    expected_phones = [p for p in phones if p.expected is not None]
    if not issues and word.error_type == "Mispronunciation" and expected_phones:
        worst = min(expected_phones, key=lambda p: p.score)
        issues.append(
            Issue(
                "other_sound",
                index,
                word.text,
                _word_severity(word, worst.score),
                expected=split_stress(worst.expected or "")[0],
                change="weak",
            )
        )
    return issues


def _peak(word: WordAssessment) -> float | None:
    syllables = word.stress.syllables
    return max(s.prominence for s in syllables) if syllables else None


def sentence_stress_issues(words: list[WordAssessment]) -> list[Issue]:
    content = [p for w in words if not w.weak_form and (p := _peak(w)) is not None]
    if len(content) < 2:
        return []
    baseline = statistics.fmean(content)
    flagged = [
        (i, w)
        for i, w in enumerate(words)
        if w.weak_form
        and (p := _peak(w)) is not None
        and p >= FUNCTION_WORD_MIN_PROMINENCE
        and p >= baseline + FUNCTION_WORD_MIN_MARGIN
    ]
    severity: Severity = "medium" if len(flagged) > 1 else "low"
    return [Issue("sentence_stress", i, w.text, severity) for i, w in flagged]


def find_issues(assessment: PhonemeDiffResponse) -> list[Issue]:
    """Every issue in the assessment, in word order (sentence stress after the words)."""
    issues: list[Issue] = []
    for index, word in enumerate(assessment.words):
        if word.error_type == "Omission":
            issues.append(
                Issue("missing_word", index, word.text, _word_severity(word, word.accuracy))
            )
            continue
        issues += stress_issues(index, word)
        sounds = sound_issues(index, word)
        issues += sounds
        if not any(i.kind == "reduced_vowel" for i in sounds):
            issues += _schwa_from_prosody(index, word)
    issues += sentence_stress_issues(assessment.words)
    return issues
