"""Word → ARPAbet pronunciations: CMUdict first, then rules for clitics, then the configured
grapheme-to-phoneme fallbacks (g2p-en's neural model, espeak-ng)."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from phoneme_map_service.g2p import letters_only
from phoneme_map_service.settings import FallbackName
from phoneme_map_service.tokenizer import SpokenWord
from voicemesh_speech.phones import base_phone, is_vowel, split_stress

log = logging.getLogger("phoneme_map_service.lexicon")

Source = Literal["cmudict", "g2p", "espeak"]
REDUCED_VOWELS = frozenset({"AH0", "IH0", "ER0"})
SIBILANTS = frozenset({"S", "Z", "SH", "ZH", "CH", "JH"})
VOICELESS = frozenset({"P", "T", "K", "F", "TH"})
CLITICS = frozenset({"s", "ll", "ve", "d", "re", "m"})


class Fallback(Protocol):
    """A grapheme-to-phoneme source for words outside the dictionary."""

    def pronounce(self, words: list[str]) -> list[tuple[str, ...]]: ...


@dataclass(frozen=True)
class Pronunciation:
    phones: list[str]
    variants: list[list[str]]
    source: Source


def ensure_primary_stress(phones: Sequence[str]) -> list[str]:
    """Predicted pronunciations must have a primary stress: a one-syllable content word gets
    stress 1 on its vowel; otherwise the first secondary stress, else the first full (not
    AH0/IH0/ER0) vowel, else the first vowel becomes primary. Stressless vowels get 0."""
    fixed = [p if not is_vowel(p) or split_stress(p)[1] is not None else f"{p}0" for p in phones]
    vowels = [i for i, p in enumerate(fixed) if is_vowel(p)]
    if not vowels or any(fixed[i].endswith("1") for i in vowels):
        return fixed
    secondary = [i for i in vowels if fixed[i].endswith("2")]
    full = [i for i in vowels if fixed[i] not in REDUCED_VOWELS]
    target = (secondary or full or vowels)[0]
    fixed[target] = f"{base_phone(fixed[target])}1"
    return fixed


def clitic_suffix(base: list[str], clitic: str) -> list[str] | None:
    """Phones of 's, 'll, 've, 'd, 're, 'm after a pronunciation (English morphophonology:
    /ɪz/ after sibilants, /s/ after voiceless sounds, /z/ elsewhere; a schwa before the
    syllabic clitics after consonants). None for another clitic."""
    last = base_phone(base[-1]) if base else ""
    after_vowel = bool(base) and is_vowel(base[-1])
    if clitic == "s":
        return ["IH0", "Z"] if last in SIBILANTS else ["S"] if last in VOICELESS else ["Z"]
    syllabic = {"ll": "L", "ve": "V", "d": "D"}
    if clitic in syllabic:
        return [syllabic[clitic]] if after_vowel else ["AH0", syllabic[clitic]]
    if clitic == "re":
        return ["R"] if after_vowel else ["ER0"]
    if clitic == "m":
        return ["M"]
    return None


class Pronouncer:
    """CMUdict lookup with the fallbacks in ``order``; unknown names in ``fallbacks`` are
    skipped (a fallback whose engine is not installed is simply absent)."""

    def __init__(
        self,
        lexicon: dict[str, list[list[str]]],
        fallbacks: dict[FallbackName, Fallback],
        order: Sequence[FallbackName],
    ) -> None:
        self.lexicon = lexicon
        self.fallbacks = [(name, fallbacks[name]) for name in order if name in fallbacks]

    def lookup(self, key: str) -> list[list[str]] | None:
        """CMUdict variants of a lower-case key, also tried without accents (CAFÉ → CAFE)."""
        variants = self.lexicon.get(key)
        if variants is None and not key.isascii():
            plain = "".join(
                c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c)
            )
            variants = self.lexicon.get(plain)
        return variants

    def pronounce_all(self, words: Sequence[SpokenWord]) -> list[Pronunciation | None]:
        """One pronunciation per word (None when no source can say it: no Latin letters).
        Words missing from CMUdict go to the fallbacks as one batch per fallback; a clitic
        on an unknown stem (NGOZI'S) is added to the stem's predicted pronunciation."""
        results: list[Pronunciation | None] = [self._from_lexicon(w) for w in words]
        missing = [i for i, r in enumerate(results) if r is None and letters_only(words[i].key)]
        split = {i: _split_clitic(words[i].key) for i in missing}
        for name, fallback in self.fallbacks:
            if not missing:
                break
            try:
                predicted = fallback.pronounce([split[i][0] for i in missing])
            except Exception:
                log.warning("fallback failed", exc_info=True, extra={"fallback": name})
                continue
            still: list[int] = []
            for i, phones in zip(missing, predicted, strict=True):
                stem, clitic = split[i]
                if phones and (any(is_vowel(p) for p in phones) or not _has_vowel_letter(stem)):
                    fixed = ensure_primary_stress(phones)
                    fixed += (clitic_suffix(fixed, clitic) or []) if clitic else []
                    results[i] = Pronunciation(fixed, [fixed], name)
                else:
                    still.append(i)
            missing = still
        return results

    def _from_lexicon(self, word: SpokenWord) -> Pronunciation | None:
        variants = self.lookup(word.key)
        if variants:
            ordered = _letter_name_first(variants) if word.spelled else variants
            return Pronunciation(list(ordered[0]), [list(v) for v in ordered], "cmudict")
        stem, apostrophe, clitic = word.key.rpartition("'")
        if apostrophe and stem and (base := self.lookup(stem)):
            suffixes = [clitic_suffix(v, clitic) for v in base]
            if all(s is not None for s in suffixes):
                joined = [list(v) + (s or []) for v, s in zip(base, suffixes, strict=True)]
                return Pronunciation(joined[0], joined, "cmudict")
        return None


def _split_clitic(key: str) -> tuple[str, str]:
    """``"ngozi's"`` → ``("ngozi", "s")``; a word without a known clitic → ``(key, "")``."""
    stem, apostrophe, clitic = key.rpartition("'")
    if apostrophe and stem and clitic in CLITICS:
        return stem, clitic
    return key, ""


def _has_vowel_letter(word: str) -> bool:
    return bool(set(letters_only(word)) & set("aeiouy"))


def _letter_name_first(variants: list[list[str]]) -> list[list[str]]:
    """A spelled letter is said by its name: the stressed variant (A = EY1, not AH0)."""
    return sorted(variants, key=lambda v: not any(p.endswith("1") for p in v))
