"""Syllabification of ARPAbet pronunciations by the maximal onset principle.

Each vowel is a syllable nucleus. Consonants between two nuclei go to the following syllable
as long as they form a legal English onset (the longest legal suffix of the cluster); the rest
close the previous syllable. Word-initial and word-final consonants always join the first and
last syllable. Legality follows Kahn's Legality Principle (Kahn 1976, "Syllable-based
generalizations in English phonology"): an onset is legal if English words can begin with it.
The list is the General American onset inventory of Giegerich (1992, "English Phonology", ch. 6)
as summarised in Wikipedia's "English phonology" (Phonotactics: onset), restricted to clusters
that begin words in CMUdict; GA yod-dropping (no /tj dj nj sj zj θj lj/) is assumed.
"""

from __future__ import annotations

from itertools import pairwise

from voicemesh_speech.phones import CONSONANTS, base_phone, is_vowel

SINGLE_ONSETS: frozenset[tuple[str, ...]] = frozenset((c,) for c in CONSONANTS - {"NG"})
CLUSTER_ONSETS: frozenset[tuple[str, ...]] = frozenset(
    tuple(onset.split())
    for onset in (
        # stop + liquid or /w/
        "P R", "T R", "K R", "B R", "D R", "G R",
        "P L", "K L", "B L", "G L",
        "T W", "K W", "D W", "G W", "P W",
        # fricative + liquid or /w/
        "F R", "TH R", "SH R", "V R", "F L", "S L", "S W", "TH W", "SH L", "SH W", "HH W",
        # consonant + /j/ (before /u/)
        "P Y", "B Y", "K Y", "G Y", "M Y", "F Y", "V Y", "HH Y",
        # /s/ + stop, nasal or /f/; loan /ʃ/ + nasal
        "S P", "S T", "S K", "S M", "S N", "S F", "SH M", "SH N",
        # /s/ + stop + approximant
        "S P R", "S T R", "S K R", "S P L", "S K L", "S K W", "S P Y", "S K Y",
    )
)  # fmt: skip
LEGAL_ONSETS: frozenset[tuple[str, ...]] = SINGLE_ONSETS | CLUSTER_ONSETS


def is_legal_onset(consonants: tuple[str, ...]) -> bool:
    """True for an empty onset or one in :data:`LEGAL_ONSETS` (phones without stress digits)."""
    return not consonants or consonants in LEGAL_ONSETS


def _onset_length(cluster: list[str]) -> int:
    """How many phones at the end of an intervocalic ``cluster`` start the next syllable."""
    bases = [base_phone(p) for p in cluster]
    for size in range(len(bases), 0, -1):
        if is_legal_onset(tuple(bases[-size:])):
            return size
    return 0


def syllabify(phones: list[str]) -> list[list[str]]:
    """Split a pronunciation into syllables (lists of phones, stress digits kept).

    ``["F","OW1","T","AH0","G","R","AE2","F"]`` → ``[["F","OW1"], ["T","AH0"], ["G","R","AE2","F"]]``.
    A pronunciation with no vowel (``HMM`` = HH M) is one syllable without a nucleus.
    Raises ValueError for a phone that is not ARPAbet.
    """
    nuclei = [i for i, phone in enumerate(phones) if is_vowel(phone)]
    if not nuclei:
        return [list(phones)] if phones else []
    syllables: list[list[str]] = []
    start = 0
    for current, following in pairwise(nuclei):
        cluster = phones[current + 1 : following]
        boundary = following - _onset_length(cluster)
        syllables.append(phones[start:boundary])
        start = boundary
    syllables.append(phones[start:])
    return syllables
