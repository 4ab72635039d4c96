"""Text → the words a reader says, like a reading task.

- case is kept for display and ignored for lookup; curly quotes become ``'``;
- control and format characters count as spaces; a token keeps letters, digits, inner
  apostrophes, hyphens and dots; other symbols are dropped (``&``, ``%``, ``+``, ``@``, ``=``
  alone are read as words, ``$``/``£``/``€`` before a number and ``%`` after it too);
- apostrophes: a token is looked up as written first (DON'T, ANN'S, IT'S, 'BOUT); quotes
  around a word are stripped when the quoted form is not in the lexicon;
- abbreviations (:data:`ABBREVIATIONS`) become words; ``St.`` is "saint" before a capitalised
  word, else "street"; ``No.`` is "number" before a digit; a dotted acronym not in the lexicon
  (``U.N.E.P.``) and an unknown vowelless word of up to five letters (``NLP``) are spelled
  letter by letter;
- numbers become words (:mod:`phoneme_map_service.number_words`); a leading ``-`` is "minus";
  letters glued to digits (``MP3``) are split;
- a hyphenated word is kept whole when the lexicon has it (WELL-KNOWN, TWENTY-ONE), else it is
  split at the hyphens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from voicemesh_speech.numbers import spoken_number

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "mr.": ("mister",), "mr": ("mister",), "mrs.": ("missus",), "mrs": ("missus",),
    "ms.": ("miz",), "ms": ("miz",), "dr.": ("doctor",), "dr": ("doctor",),
    "prof.": ("professor",), "jr.": ("junior",), "sr.": ("senior",), "st.": ("street",),
    "mt.": ("mount",), "ave.": ("avenue",), "rd.": ("road",), "blvd.": ("boulevard",),
    "etc.": ("et", "cetera"), "etc": ("et", "cetera"), "e.g.": ("for", "example"),
    "i.e.": ("that", "is"), "vs.": ("versus",), "vs": ("versus",), "no.": ("number",),
    "approx.": ("approximately",), "dept.": ("department",), "inc.": ("incorporated",),
    "ltd.": ("limited",), "co.": ("company",), "corp.": ("corporation",),
    "gov.": ("governor",), "gen.": ("general",), "capt.": ("captain",), "sgt.": ("sergeant",),
    "lt.": ("lieutenant",), "fig.": ("figure",), "jan.": ("january",), "feb.": ("february",),
    "aug.": ("august",), "sept.": ("september",), "oct.": ("october",), "nov.": ("november",),
    "dec.": ("december",), "a.m.": ("a", "m"), "p.m.": ("p", "m"),
}  # fmt: skip
SYMBOLS: dict[str, str] = {"&": "and", "%": "percent", "+": "plus", "@": "at", "=": "equals"}
CURRENCIES: dict[str, tuple[str, str]] = {
    "$": ("dollar", "dollars"), "£": ("pound", "pounds"), "€": ("euro", "euros"),
}  # fmt: skip
CLAUSE_PUNCTUATION = frozenset(".,;:!?…—–")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
_EDGE = '"“”«»()[]{}<>¿¡*_~^#|\\/'
_KEEP = re.compile(r"[^\w'.\-]")
_LETTER_DIGIT_RUNS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?")
_NUMERIC = re.compile(r"^[\d.,:]*\d[\d.,:]*(?:st|nd|rd|th|s|'s)?$", re.IGNORECASE)
_MONEY = re.compile(r"^([$£€])(\d[\d,]*)(?:\.(\d{2}))?$")


@dataclass(frozen=True)
class SpokenWord:
    """One word a reader says. ``text`` is the written token when ``expanded`` is False, else
    the spoken word (``twenty-five`` for ``25``, ``doctor`` for ``Dr.``); ``token`` is the
    input token it came from and ``token_index`` its position among the input tokens."""

    text: str
    token: str
    token_index: int
    expanded: bool = False
    spelled: bool = False
    clause_final: bool = False

    @property
    def key(self) -> str:
        """Lexicon key: lower case, accents kept (the lexicon strips them if needed)."""
        return self.text.lower()


def clean_text(text: str) -> str:
    """NFKC, curly quotes → ``'``, other control/format characters removed, whitespace
    controls (tab, newline…) → spaces, dashes spaced out."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(
        " " if c.isspace() else "" if unicodedata.category(c)[0] == "C" else c for c in text
    )
    return re.sub(r"(—|–|--)", r" \1 ", text)


class Tokenizer:
    """``is_known(key)`` says whether the lexicon has a lower-case word (DON'T, WELL-KNOWN)."""

    def __init__(self, is_known: Callable[[str], bool]) -> None:
        self.is_known = is_known

    def tokenize(self, text: str, *, ends_clause: bool = True) -> list[SpokenWord]:
        """All spoken words of ``text`` in order; tokens with nothing to say are dropped.
        ``ends_clause``: the end of ``text`` ends a clause (False for one of several words)."""
        raw = clean_text(text).split()
        words: list[SpokenWord] = []
        index = 0
        for position, token in enumerate(raw):
            following = raw[position + 1] if position + 1 < len(raw) else None
            core, final = self._strip(token, last=following is None and ends_clause)
            if not core:
                if words and final:
                    words[-1] = _with_final(words[-1])
                continue
            spoken = self._expand(core, following, index)
            if spoken:
                if final:
                    spoken[-1] = _with_final(spoken[-1])
                words.extend(spoken)
                index += 1
        return words

    def _strip(self, token: str, *, last: bool) -> tuple[str, bool]:
        """Core of a token without surrounding punctuation, and whether a clause ends here."""
        if token in SYMBOLS or token in CLAUSE_PUNCTUATION:
            return (token if token in SYMBOLS else ""), token in CLAUSE_PUNCTUATION or last
        core = token.lstrip(_EDGE + ".,;:!?…")
        stripped = core.rstrip(_EDGE + ".,;:!?…%")
        if stripped.startswith("'") and not self.is_known(stripped.rstrip("'").lower()):
            core, stripped = core.lstrip("'"), stripped.lstrip("'")
        trailing = core[len(stripped) :]
        final = last or any(c in CLAUSE_PUNCTUATION for c in trailing)
        if trailing.startswith("%"):
            stripped += "%"
        elif trailing.startswith("."):
            dotted = stripped + "."
            if dotted.lower() in ABBREVIATIONS or (
                "." in stripped and self.is_known(dotted.lower())
            ):
                stripped = dotted
                final = last or any(c in CLAUSE_PUNCTUATION for c in trailing[1:])
        if stripped.endswith("'") and not self.is_known(stripped.lower()):
            stripped = stripped.rstrip("'")
            final = final or last
        return stripped, final

    def _expand(self, core: str, following: str | None, index: int) -> list[SpokenWord]:
        def spoken(*texts: str, spelled: bool = False) -> list[SpokenWord]:
            return self._spoken(texts, core, index, spelled=spelled)

        lower = core.lower()
        if lower in SYMBOLS:
            return spoken(SYMBOLS[core])
        if lower in ("st.", "st") and following and following[:1].isupper():
            return spoken("saint")
        if lower == "no." and not (following and following[:1].isdigit()):
            return [SpokenWord(core[:-1], core, index, clause_final=True)]  # "I said no."
        if lower in ABBREVIATIONS:
            return spoken(*ABBREVIATIONS[lower], spelled=lower in ("a.m.", "p.m."))
        if self.is_known(lower):
            return [SpokenWord(core, core, index)]
        if number := self._number(core):
            return spoken(*number)
        if "-" in core.strip("-"):
            return self._hyphenated(core, index)
        if re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?", core):
            return spoken(*[c for c in core if c != "."], spelled=True)
        cleaned = _KEEP.sub("", core).strip(".-'")
        if not cleaned or not any(c.isalnum() for c in cleaned):
            return []
        if _is_unpronounceable_acronym(cleaned) and not self.is_known(cleaned.lower()):
            return spoken(*cleaned, spelled=True)
        runs = _LETTER_DIGIT_RUNS.findall(cleaned)
        if len(runs) > 1 or (runs and runs[0] != cleaned):
            return [w for run in runs for w in self._expand_part(run, core, index)]
        return [SpokenWord(cleaned, core, index, expanded=cleaned != core)]

    def _expand_part(self, part: str, token: str, index: int) -> list[SpokenWord]:
        return self._spoken(self._number(part) or [part], token, index)

    def _spoken(
        self, texts: Sequence[str], token: str, index: int, *, spelled: bool = False
    ) -> list[SpokenWord]:
        """Expanded words; a hyphenated one the lexicon lacks (NINETY-NINE) is split."""
        words: list[SpokenWord] = []
        for text in texts:
            parts = [text] if "-" not in text or self.is_known(text) else text.split("-")
            words += [SpokenWord(p, token, index, True, spelled) for p in parts if p]
        return words

    def _hyphenated(self, core: str, index: int) -> list[SpokenWord]:
        words: list[SpokenWord] = []
        for part in filter(None, core.split("-")):
            for word in self._expand(part, None, index):
                words.append(SpokenWord(word.text, core, index, True, word.spelled))
        return words

    def _number(self, core: str) -> list[str] | None:
        sign: list[str] = []
        if core[:1] in "-−" and core[1:2].isdigit():
            sign, core = ["minus"], core[1:]
        if money := _MONEY.match(core):
            symbol, whole, cents = money.groups()
            amount = spoken_number(whole.replace(",", "")) or []
            one, many = CURRENCIES[symbol]
            words = [*amount, one if whole == "1" else many]
            if cents and int(cents):
                words += ["and", *(spoken_number(cents.lstrip("0") or "0") or []), "cents"]
            return sign + words
        percent = core.endswith("%")
        digits = core.rstrip("%")
        if not _NUMERIC.match(digits):
            return None
        if digits.lower().endswith("'s"):
            digits = digits[:-2] + "s"
        number = spoken_number(digits)
        if number is None:
            parts = [p for p in re.split(r"[^\d]+", digits) if p]
            number = [w for p in parts for w in (spoken_number(p) or [])]
        return sign + number + (["percent"] if percent else []) if number else None


def _is_unpronounceable_acronym(word: str) -> bool:
    """NLP, BBC: up to five letters with no vowel letter are read letter by letter."""
    return (
        word.isalpha()
        and word.isascii()
        and len(word) <= 5
        and not set(word.lower()) & set("aeiouy")
    )


def _with_final(word: SpokenWord) -> SpokenWord:
    return SpokenWord(
        word.text, word.token, word.token_index, word.expanded, word.spelled, clause_final=True
    )
