"""Pronunciations as the aligner sees them: one explicit pronunciation per word, plus the
one-substitution variants of the extended recognition network (ERN).

PocketSphinx's en-us model uses CMUdict's 39 phones (no stress digits) plus SIL. A word is
registered under a key derived from its phones (``@hh_ah_l_ow``), never under its spelling:
the bundled dictionary has several pronunciations for many words and the aligner would
silently pick one, hiding the learner's error. Keys start with ``@``, which no dictionary word
does, and are reused across requests, so the decoder's dictionary stays bounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from voicemesh.contracts.alignment import AlignmentWordIn
from voicemesh.errors import InvalidRequest
from voicemesh_speech.phones import VOWELS, split_stress


def pronunciation_key(phones: Sequence[str]) -> str:
    """``("HH", "AH", "L", "OW")`` → ``"@hh_ah_l_ow"``: one dictionary word per pronunciation."""
    return "@" + "_".join(phones).lower()


@dataclass(frozen=True)
class Variant:
    """One alternative pronunciation: the phone at ``position`` replaced by ``phone``."""

    position: int
    phone: str


@dataclass(frozen=True)
class WordPlan:
    """A word of the request with its aligner phones and ERN variants."""

    index: int
    text: str
    expected: tuple[str, ...]
    """The caller's phones, stress digits kept."""
    phones: tuple[str, ...]
    """The same phones without stress digits (what PocketSphinx models)."""
    variants: tuple[Variant, ...] = ()

    @property
    def key(self) -> str:
        """Dictionary key of the canonical pronunciation."""
        return pronunciation_key(self.phones)

    def variant_key(self, variant: Variant) -> str:
        """Dictionary key of a variant's pronunciation (keys are pronunciations)."""
        return pronunciation_key(self.variant_phones(variant))

    def variant_phones(self, variant: Variant) -> tuple[str, ...]:
        phones = list(self.phones)
        phones[variant.position] = variant.phone
        return tuple(phones)

    def candidates(self, position: int) -> bool:
        """Whether the phone at ``position`` had alternatives in the network."""
        return any(v.position == position for v in self.variants)


def base_phones(phones: Sequence[str], *, where: str) -> tuple[str, ...]:
    """``["HH", "AH0", "L", "OW1"]`` → ``("HH", "AH", "L", "OW")``.

    Raises InvalidRequest (422) naming ``where`` for a phone outside CMUdict's 39.
    """
    out = []
    for phone in phones:
        try:
            base, _ = split_stress(phone)
        except ValueError:
            raise InvalidRequest(
                f"{where}: {phone!r} is not one of CMUdict's 39 ARPAbet phones"
            ) from None
        out.append(base)
    return tuple(out)


def normalize_substitutions(
    substitutions: Mapping[str, Sequence[str]],
) -> dict[str, tuple[str, ...]]:
    """Strip stress digits from keys and values, drop identity substitutions, keep order.

    Raises InvalidRequest (422) for phones outside the phone set."""
    table: dict[str, list[str]] = {}
    for expected, alternatives in substitutions.items():
        (base,) = base_phones([expected], where="substitutions")
        subs = table.setdefault(base, [])
        for alt in base_phones(list(alternatives), where=f"substitutions.{expected}"):
            if alt != base and alt not in subs:
                subs.append(alt)
    return {k: tuple(v) for k, v in table.items() if v}


def plan_word(
    index: int,
    word: AlignmentWordIn,
    substitutions: Mapping[str, tuple[str, ...]],
    max_variants: int,
) -> WordPlan:
    """The word's aligner phones and at most ``max_variants`` one-substitution variants.

    Variants are taken rank by rank (every position's first substitute, then every position's
    second, ...), so a cap drops the least likely substitutes first."""
    phones = base_phones(word.phones, where=f"words[{index}].phones")
    variants: list[Variant] = []
    rank = 0
    while len(variants) < max_variants:
        added = False
        for position, phone in enumerate(phones):
            subs = substitutions.get(phone, ())
            if rank < len(subs):
                added = True
                if len(variants) < max_variants:
                    variants.append(Variant(position, subs[rank]))
        if not added:
            break
        rank += 1
    return WordPlan(index, word.text, tuple(word.phones), phones, tuple(variants))


def plan_words(
    words: Sequence[AlignmentWordIn],
    substitutions: Mapping[str, Sequence[str]],
    max_variants: int,
) -> list[WordPlan]:
    table = normalize_substitutions(substitutions)
    return [plan_word(i, w, table, max_variants) for i, w in enumerate(words)]


def realized_phone(expected: str, chosen: str) -> str:
    """The realized phone in the caller's notation: a vowel keeps the expected stress digit
    (0 when the expected phone was a consonant)."""
    base, stress = split_stress(expected)
    if chosen == base:
        return expected
    if chosen in VOWELS:
        return f"{chosen}{stress if stress is not None else 0}"
    return chosen
