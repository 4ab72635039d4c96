"""Spelling-ish syllables of a word and the stress notation of the feedback (pho-TO-gra-phy).

The assessment gives phone syllables (``stress.syllables[i].phones``); learners need letters.
:func:`spelling_syllables` splits the written word into as many pieces as there are phone
syllables with a small orthographic syllabifier:

1. vowel letters (a e i o u, and y after a consonant) form nuclei; adjacent ones are one nucleus;
2. a final silent e (consonant + e, but not consonant + le) is no nucleus; if there is still one
   nucleus too many, an e between single consonants (state-ment, eve-ry) is taken as silent;
3. consonant letters between two nuclei go to the next syllable as far as they form a legal
   English onset (maximal onset principle); digraphs (ph, th, sh, ch, wh, gh, ck, ng, qu) are
   not split; ck, ng and x close the syllable before (pack-et, sing-er, ex-am).

4. syllabic -le takes the consonant before it (ta-ble); when nuclei are still too few, vowel
   pairs that often span two syllables are split (cre-ate, sci-ence).

When the nucleus count still differs from the phone syllable count (silent letters the rules do
not know, vowel hiatus as in cre-ate), the letters are split in proportion to the number of
phones of each syllable. The pieces always join back to the word.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

_VOWEL_LETTERS = frozenset("aeiou")
_DIGRAPHS = ("ph", "th", "sh", "ch", "wh", "gh", "ck", "ng", "qu")
_CLOSE_LEFT = frozenset({"ck", "ng", "x"})
# Vowel letter pairs that may span two syllables (cre-ate, i-de-a, sci-ence, ru-in).
_HIATUS = ("ea", "ia", "io", "eo", "ua", "uo", "ie", "ui", "iu")
# Word-initial consonant clusters of English spelling (maximal onset); single letters are legal.
_LEGAL_ONSETS = frozenset(
    "bl br cl cr dr fl fr gl gr pl pr tr tw sc sk sl sm sn sp st sw "
    "thr shr phr spr str scr spl squ sch ch sh th ph wh qu".split()
)


def _is_vowel(word: str, i: int) -> bool:
    letter = word[i]
    if letter in _VOWEL_LETTERS:
        return True
    # y is a vowel after a consonant (hap-py, gym), a consonant before a vowel (yes, be-yond).
    return letter == "y" and i > 0 and word[i - 1] not in _VOWEL_LETTERS


def _nuclei(word: str) -> list[tuple[int, int]]:
    """(start, end) letter spans of vowel groups."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(word):
        if _is_vowel(word, i) and not (word[i] == "u" and i > 0 and word[i - 1] == "q"):
            start = i
            while i + 1 < len(word) and _is_vowel(word, i + 1):
                i += 1
            spans.append((start, i + 1))
        i += 1
    return spans


def _drop_silent_e(word: str, spans: list[tuple[int, int]], target: int) -> list[tuple[int, int]]:
    if len(spans) > 1 and spans[-1] == (len(word) - 1, len(word)) and word[-1] == "e":
        before = word[-3:-1]
        syllabic_le = len(word) >= 3 and word[-2] == "l" and word[-3] not in _VOWEL_LETTERS
        if before and before[-1] not in _VOWEL_LETTERS and not syllabic_le:
            spans = spans[:-1]
    if len(spans) == target + 1:
        for k in range(1, len(spans)):
            start, end = spans[k]
            single_before = start - spans[k - 1][1] == 1
            followed = end < len(word) and word[end] not in _VOWEL_LETTERS
            if word[start:end] == "e" and single_before and followed:
                return spans[:k] + spans[k + 1 :]
    return spans


def _split_hiatus(word: str, spans: list[tuple[int, int]], target: int) -> list[tuple[int, int]]:
    out = list(spans)
    k = 0
    while len(out) < target and k < len(out):
        start, end = out[k]
        if end - start == 2 and word[start:end] in _HIATUS:
            out[k : k + 1] = [(start, start + 1), (start + 1, end)]
            k += 2
        else:
            k += 1
    return out


def _units(cluster: str) -> list[str]:
    """Consonant letters grouped so digraphs stay whole."""
    units: list[str] = []
    i = 0
    while i < len(cluster):
        pair = cluster[i : i + 2]
        if pair in _DIGRAPHS:
            units.append(pair)
            i += 2
        else:
            units.append(cluster[i])
            i += 1
    return units


def _boundary(word: str, left_end: int, right_start: int) -> int:
    """Letter index where the syllable after the nucleus ending at ``left_end`` starts."""
    units = _units(word[left_end:right_start])
    if not units:
        return right_start
    if word[right_start - 1 : right_start] == "l" and word[right_start:] == "e" and len(units) > 1:
        return right_start - 2  # syllabic -le takes its consonant: ta-ble, sim-ple
    if len(units) == 1:
        return right_start if units[0] in _CLOSE_LEFT else left_end
    for k in range(1, len(units)):  # keep at least one unit in the coda, then maximal onset
        onset = "".join(units[k:])
        if (len(units) - k == 1 and units[k] not in _CLOSE_LEFT) or onset in _LEGAL_ONSETS:
            return right_start - len(onset)
    return right_start


def _proportional(word: str, weights: Sequence[int]) -> list[str]:
    total = sum(weights)
    cuts, acc = [], 0
    for w in weights[:-1]:
        acc += w
        cuts.append(round(len(word) * acc / total))
    pieces, start = [], 0
    for n, cut in enumerate([*cuts, len(word)]):
        # at least one letter per piece, and leave one for each piece still to come
        remaining = len(weights) - n - 1
        cut = max(start + 1, min(cut, len(word) - remaining))
        pieces.append(word[start:cut])
        start = cut
    return pieces


def spelling_syllables(word: str, phone_syllables: Sequence[Sequence[str]]) -> list[str]:
    """Split ``word`` (as written) into ``len(phone_syllables)`` letter groups.

    ``phone_syllables`` are the ARPAbet phones of each syllable (from the assessment). Returns
    ``[word]`` for one syllable (or none); otherwise non-empty pieces that join to ``word``;
    if the word has fewer letters than syllables, ``[word]``."""
    n = len(phone_syllables)
    if n <= 1 or len(word) < n:
        return [word]
    lower = word.lower()
    spans = _drop_silent_e(lower, _nuclei(lower), n)
    if len(spans) < n:
        spans = _split_hiatus(lower, spans, n)
    if len(spans) != n:
        return _proportional(word, [max(1, len(s)) for s in phone_syllables])
    cuts = [_boundary(lower, spans[k][1], spans[k + 1][0]) for k in range(n - 1)]
    bounds = [0, *cuts, len(word)]
    return [word[a:b] for a, b in itertools.pairwise(bounds)]


def stress_notation(pieces: Sequence[str], primary: int | None) -> str:
    """``["pho", "to", "gra", "phy"], 1`` → ``"pho-TO-gra-phy"``; ``None`` → all lower case."""
    return "-".join(
        piece.upper() if i == primary else piece.lower() for i, piece in enumerate(pieces)
    )


def stress_example(word: str, phone_syllables: Sequence[Sequence[str]], primary: int | None) -> str:
    """The word in syllables with the stressed one in capitals, e.g. ``suf-FI-cient``.

    ``primary`` indexes ``phone_syllables`` (the expected primary stress); a one-syllable
    word is all capitals when stressed (``primary == 0``), all lower case when not."""
    return stress_notation(spelling_syllables(word, phone_syllables), primary)
