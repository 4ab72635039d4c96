"""Word cleaning and spoken-form normalization of Whisper output.

Whisper writes numbers as digits ("3", "1990", "25%", "$5", "21st") and glues punctuation to
words ("world."). Downstream, the phoneme map and the aligner need what was *said*: lower case
words with numbers spelt out, read the way phoneme-map reads them (:mod:`voicemesh_speech.numbers`:
years in pairs, ordinals, decimals, decades).
"""

from __future__ import annotations

import re
import unicodedata

from voicemesh_speech.numbers import spoken_number

_KEEP_AT_EDGES = frozenset("%")
_NUMBER = re.compile(
    r"(?P<currency>[$£€])?(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)(?P<suffix>st|nd|rd|th|s|%)?",
    re.IGNORECASE,
)
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def clean_word(raw: str) -> str:
    """The word without surrounding spaces and punctuation: ``' world.'`` → ``'world'``.

    Inner apostrophes and hyphens stay (``don't``, ``well-known``); a trailing ``%`` and
    leading currency signs stay because they are read aloud. Returns ``''`` for a token that is
    only punctuation.
    """
    word = raw.strip()
    start, end = 0, len(word)
    while start < end and _is_punct(word[start]):
        start += 1
    while end > start and _is_punct(word[end - 1]) and word[end - 1] not in _KEEP_AT_EDGES:
        end -= 1
    return word[start:end]


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P") or char.isspace()


def _spell_number(match: re.Match[str]) -> str:
    number = match["number"]
    suffix = (match["suffix"] or "").lower()
    token = number + suffix if suffix in ("st", "nd", "rd", "th", "s") else number
    words = spoken_number(token) or spoken_number(number) or [number]
    spoken = " ".join(words)
    if suffix == "%":
        spoken += " percent"
    if match["currency"]:
        spoken += " " + _CURRENCY[match["currency"]]
    return f" {spoken} "


def normalize_word(word: str) -> str:
    """Spoken form of one cleaned word: lower case, digits spelt out, hyphens as spaces.

    ``'3'`` → ``'three'``, ``'21st'`` → ``'twenty first'``, ``'1990'`` → ``'nineteen ninety'``,
    ``'$5'`` → ``'five dollars'``, ``'Well-known'`` → ``'well known'``. The result may hold
    several space-separated words; ``''`` when nothing speakable remains.
    """
    spoken = _NUMBER.sub(_spell_number, word).lower()
    spoken = spoken.replace("-", " ").replace("’", "'")
    spoken = _NOT_WORD.sub(" ", spoken)
    tokens = [token.strip("'") for token in spoken.split()]
    return " ".join(token for token in tokens if token)


def normalize_text(text: str) -> str:
    """Spoken form of a sentence: each whitespace token cleaned then normalized, joined by one
    space. ``'Hello, world! It costs $5.'`` → ``'hello world it costs five dollars'``."""
    words = (normalize_word(clean_word(token)) for token in text.split())
    return " ".join(word for word in words if word)
