"""How a reader says a number (American English), with inflect (MIT licence). One place for
the phoneme map (text to read → words) and ASR (Whisper's digits → spoken form).

- cardinals without "and": ``125`` → one hundred twenty-five; ``1,000`` → one thousand
- years: a four-digit number from 1100 to 2099 (not 2000–2009) is read as a year, in pairs:
  ``1999`` → nineteen ninety-nine, ``1905`` → nineteen oh five, ``1900`` → nineteen hundred,
  ``2015`` → twenty fifteen; ``2005`` → two thousand five; decades ``1990s`` → nineteen nineties
- ordinals ``3rd`` → third, ``21st`` → twenty-first; decimals ``3.14`` → three point one four
- times ``10:30`` → ten thirty, ``3:00`` → three o'clock
- a leading zero or more than 15 digits: digit by digit (``007`` → zero zero seven)
"""

from __future__ import annotations

import re
from functools import lru_cache

from voicemesh_speech.unchecked_import import import_unchecked

# inflect without typeguard's import-time recompilation (1.5 s CPU): see unchecked_import.
_ENGINE = import_unchecked("inflect").engine()
_CARDINAL = re.compile(r"^\d{1,15}$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")
_ORDINAL = re.compile(r"^(\d{1,15})(st|nd|rd|th)$", re.IGNORECASE)
_DECIMAL = re.compile(r"^\d{0,15}\.\d{1,15}$")
_DECADE = re.compile(r"^(\d{2}|\d{4})'?s$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DIGITS = re.compile(r"^\d+$")


def _words(phrase: str) -> list[str]:
    return phrase.replace(",", " ").split()


def cardinal(number: int) -> list[str]:
    """``125`` → ``["one", "hundred", "twenty-five"]`` (American style: no "and")."""
    return _words(str(_ENGINE.number_to_words(str(number), andword="")))


def year(number: int) -> list[str]:
    """A year read in pairs of digits; 2000–2009 and out-of-range numbers as cardinals."""
    if not 1100 <= number <= 2099 or 2000 <= number <= 2009:
        return cardinal(number)
    high, low = divmod(number, 100)
    if low == 0:
        return [*cardinal(high), "hundred"]
    if low < 10:
        return [*cardinal(high), "oh", *cardinal(low)]
    return [*cardinal(high), *cardinal(low)]


def is_year(digits: str) -> bool:
    return len(digits) == 4 and 1100 <= int(digits) <= 2099 and not 2000 <= int(digits) <= 2009


def digit_by_digit(digits: str) -> list[str]:
    return [str(_ENGINE.number_to_words(d)) for d in digits]


def _plural_last(words: list[str]) -> list[str]:
    last = words[-1]
    head, _, tail = last.rpartition("-")
    plural = str(_ENGINE.plural_noun(tail))
    return [*words[:-1], f"{head}-{plural}" if head else plural]


@lru_cache(maxsize=4096)
def _spoken(token: str) -> tuple[str, ...] | None:
    if _DIGITS.match(token) and (len(token) > 15 or (len(token) > 1 and token[0] == "0")):
        return tuple(digit_by_digit(token))
    if _CARDINAL.match(token):
        return tuple(year(int(token)) if is_year(token) else cardinal(int(token)))
    if _GROUPED.match(token):
        return tuple(cardinal(int(token.replace(",", ""))))
    if match := _ORDINAL.match(token):
        ordinal = str(_ENGINE.ordinal(str(int(match.group(1)))))
        return tuple(_words(str(_ENGINE.number_to_words(ordinal, andword=""))))
    if _DECIMAL.match(token):
        whole, _, fraction = token.partition(".")
        return tuple([*(cardinal(int(whole)) if whole else []), "point", *digit_by_digit(fraction)])
    if match := _DECADE.match(token):
        digits = match.group(1)
        spoken = year(int(digits)) if len(digits) == 4 else cardinal(int(digits))
        return tuple(_plural_last(spoken))
    if match := _TIME.match(token):
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 24 or minutes > 59:
            return None
        if minutes == 0:
            return (*cardinal(hours), "o'clock")
        tail = ["oh", *cardinal(minutes)] if minutes < 10 else cardinal(minutes)
        return (*cardinal(hours), *tail)
    return None


def spoken_number(token: str) -> list[str] | None:
    """The words a reader says for a numeric token, or None if ``token`` is not one of the
    forms above. Words are lower case; compounds keep their hyphen (``twenty-five``)."""
    spoken = _spoken(token)
    return list(spoken) if spoken is not None else None
