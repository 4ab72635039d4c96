"""Pattern search over every CMUdict pronunciation, ranked by word frequency.

Query syntax (also in the README). A **phone pattern** is space-separated tokens matched
against a whole pronunciation (anchored at both ends), one token per phone:

====================  ==========================================================
``TH``, ``S``         that consonant
``AH``                that vowel with any stress; ``AH1`` only primary-stressed
``.`` or ``?``        any one phone
``*``                 any run of phones, possibly empty
``@V`` ``@C``         any vowel / consonant; vowel classes take a stress digit: ``@V1``
``@STOP`` ...         a phone class (:data:`PHONE_CLASSES`): STOP FRICATIVE AFFRICATE
                      NASAL LIQUID GLIDE SIBILANT
``TH|DH|@NASAL``      any one of the alternatives
====================  ==========================================================

``TH *`` words beginning with TH; ``* IH1 NG`` words ending in stressed IH + NG;
``* @V1 * @V1 *`` two primary stresses. A **stress pattern** has one token per syllable:
``0``/``1``/``2`` that stress, ``.``/``?`` any one syllable, ``*`` any number of syllables:
``. 1 . .`` four syllables with primary stress on the second (PHOTOGRAPHY), ``1 *`` initial
stress. A ``pattern`` made of stress digits and wildcards only is a stress pattern; ``stress``
and a phone ``pattern`` together must both hold for the same pronunciation.

**Minimal pairs** of a word are words of the same length whose pronunciation differs in
exactly one phone (vowel for vowel or consonant for consonant, stress ignored); ``contrast``
limits the differing phones to a set (THINK with [TH, S] → SINK). Every query runs as one
regular expression over a text of all pronunciations sorted by frequency, so the first
``limit`` matches are the most frequent; ``*`` compiles to an atomic lazy group (earliest
placement, as in glob matching), so no pattern backtracks exponentially.
"""

from __future__ import annotations

import io
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from phoneme_map_service.pronunciation import stress_pattern
from voicemesh.contracts.phoneme_map import PatternMatch
from voicemesh.errors import InvalidRequest
from voicemesh_speech.phones import CONSONANTS, PHONES, VOWELS, base_phone, is_vowel
from voicemesh_speech.syllables import syllabify

PHONE_CLASSES: dict[str, frozenset[str]] = {
    "V": VOWELS,
    "C": CONSONANTS,
    "STOP": frozenset("P B T D K G".split()),
    "FRICATIVE": frozenset("F V TH DH S Z SH ZH HH".split()),
    "AFFRICATE": frozenset("CH JH".split()),
    "NASAL": frozenset("M N NG".split()),
    "LIQUID": frozenset("L R".split()),
    "GLIDE": frozenset("W Y".split()),
    "SIBILANT": frozenset("S Z SH ZH CH JH".split()),
}
MAX_TOKENS = 40
_STRESS_TOKENS = frozenset({"0", "1", "2", ".", "?", "*"})
_ALTERNATIVE = re.compile(r"^(@?[A-Z]+)([012])?$")
_ANY_PHONES = r"(?:\S+ )"
_ANY_STRESS = r"[012]"
_DROP_DIGITS = str.maketrans("", "", "012")
_KEEP_DIGITS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ ")


@dataclass(frozen=True)
class Entry:
    """One pronunciation in the index."""

    word: str
    phones: tuple[str, ...]
    frequency: float
    rank: int  # 0 = most frequent word


def _phone_fragment(token: str) -> str:
    """Regex for one phone token (phone, class or alternation), followed by its space."""
    alternatives: list[str] = []
    for part in token.split("|"):
        match = _ALTERNATIVE.match(part)
        if not match:
            raise InvalidRequest(f"bad phone token {part!r} in pattern")
        name, stress = match.groups()
        if name.startswith("@"):
            members = PHONE_CLASSES.get(name[1:])
            if members is None:
                raise InvalidRequest(
                    f"unknown phone class {name!r}; classes: "
                    + ", ".join("@" + c for c in PHONE_CLASSES)
                )
        elif name in PHONES:
            members = frozenset({name})
        else:
            raise InvalidRequest(f"{name!r} is not an ARPAbet phone")
        if stress is not None and not members & VOWELS:
            raise InvalidRequest(f"stress digit on {part!r}, which has no vowel")
        if members == VOWELS:  # two letters and a stress digit can only be a vowel
            alternatives.append("[A-Z][A-Z]" + (stress or "[012]"))
            continue
        for phone in sorted(members):
            if phone in VOWELS:
                alternatives.append(phone + (stress or "[012]"))
            elif stress is None:
                alternatives.append(phone)
    if len(alternatives) == 1:  # a bare literal lets the regex engine skip to candidates
        return alternatives[0] + " "
    return "(?:" + "|".join(alternatives) + ") "


def _glob(tokens: list[str], fragment: Callable[[str], str], any_one: str) -> str:
    """Tokens with ``*`` → a regex anchored at both ends of one field. Middle segments are
    atomic lazy groups: the earliest placement of a fixed-length segment never loses a match
    (greedy glob matching), so matching stays polynomial whatever the number of stars."""
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token == "*":
            if segments[-1] or len(segments) == 1:
                segments.append([])
        else:
            segments[-1].append(any_one if token in (".", "?") else fragment(token))
    if len(segments) == 1:
        return "".join(segments[0])
    head, *middle, tail = ("".join(s) for s in segments)
    body = head + "".join(f"(?>{any_one}*?{m})" for m in middle if m)
    return body + f"{any_one}*?{tail}" if tail else body + f"{any_one}*"


def compile_phone_pattern(pattern: str, *, reverse: bool = False) -> str:
    """Regex for a phone pattern over one phones field (``"F OW1 T "``); ``reverse`` compiles
    the mirrored pattern, for the index's text of reversed pronunciations."""
    tokens = pattern.upper().split()
    tokens = tokens[::-1] if reverse else tokens
    if len(tokens) > MAX_TOKENS:
        raise InvalidRequest(f"pattern has {len(tokens)} tokens; at most {MAX_TOKENS}")
    if any(t in ("0", "1", "2") for t in tokens):
        raise InvalidRequest(
            "a bare stress digit mixes with phones: put it on a vowel (AH1, @V1) or use "
            "`stress` for a syllable stress pattern"
        )
    return _glob(tokens, _phone_fragment, _ANY_PHONES)


def compile_stress_pattern(pattern: str, *, reverse: bool = False) -> str:
    """Regex for a stress pattern over one stress field (``"102"``)."""
    tokens = pattern.split()[:: -1 if reverse else 1]
    bad = [t for t in tokens if t not in _STRESS_TOKENS]
    if bad:
        raise InvalidRequest(f"stress pattern tokens are 0 1 2 . ? *; got {bad[0]!r}")
    if len(tokens) > MAX_TOKENS:
        raise InvalidRequest(f"stress pattern has {len(tokens)} tokens; at most {MAX_TOKENS}")
    return _glob(tokens, lambda digit: digit, _ANY_STRESS)


def is_stress_pattern(pattern: str) -> bool:
    """Only stress digits and wildcards, at least one digit: ``". 1 . ."``."""
    tokens = pattern.split()
    return bool(tokens) and set(tokens) <= _STRESS_TOKENS and any(t.isdigit() for t in tokens)


def match_ipa(phones: Iterable[str]) -> str:
    from phoneme_map_service.pronunciation import syllable_ipa, syllable_stress

    return "".join(syllable_ipa(s, syllable_stress(s)) for s in syllabify(list(phones)))


class SearchIndex:
    """All pronunciations of a lexicon as text, one line each, sorted by descending word
    frequency: ``\\nF OW1 T AH0 G R AE2 F \\t102\\t<rank>\\t<entry>``. Phones come first so a
    pattern that starts with a phone has a literal prefix and the regex engine jumps straight
    to candidate lines; a pattern that starts with ``*`` and ends with a phone runs on a second
    text of mirrored pronunciations (``* IH1 NG K`` = ``K NG IH1 *`` mirrored); a stress-only
    query runs on a third, shorter text of stress digits. Built once
    (about a second for CMUdict's 135k pronunciations)."""

    def __init__(self, lexicon: dict[str, list[list[str]]], frequency: Callable[[str], float]):
        ranked = sorted(((-frequency(w), w) for w in lexicon), key=lambda fw: (fw[0], fw[1]))
        # Parallel arrays, not one object per pronunciation: 135k objects cost ~40 MB.
        self._entry_rank = array("i")
        self._entry_phones: list[list[str]] = []  # the lexicon's own lists, not copies
        self._rank_word = [word for _, word in ranked]
        self._rank_frequency = [-negative for negative, _ in ranked]
        self.by_bases: dict[str, list[int]] = {}
        self.first_entry: list[int] = []  # rank → its first pronunciation's entry
        forward, backward, stresses = io.StringIO(), io.StringIO(), io.StringIO()
        for rank, (_, word) in enumerate(ranked):
            self.first_entry.append(len(self._entry_phones))
            for phones in lexicon[word]:
                line = len(self._entry_phones)
                self._entry_rank.append(rank)
                self._entry_phones.append(phones)
                # str.translate, not per-phone parsing: this loop runs 135k times at start-up
                joined = " ".join(phones)
                stress = joined.translate(_KEEP_DIGITS)
                forward.write(f"\n{joined} \t{stress}\t{rank}\t{line}")
                stresses.write(f"\n{stress}\t{rank}\t{line}")
                backward.write(f"\n{' '.join(reversed(phones))} \t{stress[::-1]}\t{rank}\t{line}")
                self.by_bases.setdefault(joined.translate(_DROP_DIGITS), []).append(line)
        self.text = forward.getvalue() + "\n"
        self.mirrored = backward.getvalue() + "\n"
        self.stresses = stresses.getvalue() + "\n"
        self.words = len(ranked)
        self.pronunciations = len(self._entry_phones)

    def entry(self, line: int) -> Entry:
        """The pronunciation on ``line`` of the index."""
        rank = self._entry_rank[line]
        phones = tuple(self._entry_phones[line])
        return Entry(self._rank_word[rank], phones, self._rank_frequency[rank], rank)

    def _match(
        self, entry: Entry, differs_at: int | None = None, contrast: list[str] | None = None
    ) -> PatternMatch:
        return PatternMatch(
            word=entry.word.upper(),
            phones=list(entry.phones),
            frequency=entry.frequency,
            stress_pattern=stress_pattern(list(entry.phones)),
            ipa=match_ipa(entry.phones),
            differs_at=differs_at,
            contrast=contrast,
        )

    def search(
        self, pattern: str | None, stress: str | None, limit: int
    ) -> tuple[list[PatternMatch], int, str]:
        """Words with a pronunciation matching ``pattern`` (phones) and ``stress``; returns
        (the ``limit`` most frequent matches, the number of matching words, the normalised
        query). Raises InvalidRequest for a malformed pattern."""
        pattern = (pattern or "").strip()
        stress = (stress or "").strip()
        if pattern and is_stress_pattern(pattern):
            if stress:
                raise InvalidRequest("`pattern` is a stress pattern and `stress` is given too")
            pattern, stress = "", pattern
        tokens = pattern.split()
        match_all = set(tokens) <= {"*"} and set(stress.split()) <= {"*"}
        if match_all:  # the most frequent words, no scan
            found = [(str(rank), str(line)) for rank, line in enumerate(self.first_entry[:limit])]
        elif not tokens:
            regex = re.compile(rf"\n{compile_stress_pattern(stress)}\t(\d+)\t(\d+)(?=\n)")
            found = regex.findall(self.stresses)
        else:
            reverse = tokens[0] == "*" and tokens[-1] != "*"
            phone_re = compile_phone_pattern(pattern, reverse=reverse)
            stress_re = compile_stress_pattern(stress, reverse=reverse) if stress else r"[012]*"
            regex = re.compile(rf"\n{phone_re}\t{stress_re}\t(\d+)\t(\d+)(?=\n)")
            found = regex.findall(self.mirrored if reverse else self.text)  # [(rank, entry)]
        total = self.words if match_all else len({rank for rank, _ in found})
        lines: list[int] = []
        previous = ""
        for rank, line in found:  # in rank order: the first `limit` words are the most frequent
            if len(lines) == limit:
                break
            if rank != previous:
                lines.append(int(line))
                previous = rank
        query = " ".join(part for part in (
            f"pattern: {' '.join(pattern.upper().split())}" if pattern else "",
            f"stress: {' '.join(stress.split())}" if stress else "",
        ) if part)  # fmt: skip
        return [self._match(self.entry(i)) for i in lines], total, query

    def minimal_pairs(
        self, variants: list[list[str]], contrast: list[str] | None, limit: int, *, exclude: str
    ) -> tuple[list[PatternMatch], int]:
        """Words differing from any of ``variants`` by one substituted phone (same class,
        stress ignored), restricted to ``contrast`` phones when given; most frequent first.
        ``exclude`` is the query word itself (lower case)."""
        allowed = frozenset(base_phone(p) for p in contrast) if contrast else None
        found: dict[int, tuple[int, int, list[str]]] = {}
        for variant in variants:
            bases = [base_phone(p) for p in variant]
            for i, phone in enumerate(bases):
                if allowed is not None and phone not in allowed:
                    continue
                pool = VOWELS if is_vowel(phone) else CONSONANTS
                for other in sorted((allowed or PHONES) & pool - {phone}):
                    key = " ".join([*bases[:i], other, *bases[i + 1 :]])
                    for line in self.by_bases.get(key, ()):
                        rank = self._entry_rank[line]
                        if self._rank_word[rank] != exclude and rank not in found:
                            found[rank] = (line, i, [phone, other])
        ranked = [found[rank] for rank in sorted(found)]
        matches = [self._match(self.entry(line), i, pair) for line, i, pair in ranked[:limit]]
        return matches, len(ranked)
