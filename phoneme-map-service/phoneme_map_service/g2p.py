"""Pronunciations for words outside CMUdict from g2p-en's bundled neural model.

g2p-en 2.1.0 (Park & Kim, https://github.com/Kyubyong/g2p, Apache-2.0) ships a GRU
encoder-decoder trained on CMUdict as numpy weights (``checkpoint20.npz``); ``G2p.predict``
runs it on one lower-case word and returns ARPAbet with stress digits. Importing the package
calls ``nltk.download`` (POS tagger, NLTK's copy of CMUdict) and its constructor loads NLTK's
CMUdict: neither is needed to predict one word, so the downloads are stubbed during the import
and the constructor gets the `cmudict` package's dictionary instead. No network is used.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

_LETTERS = re.compile(r"[^a-z]")


@contextmanager
def _offline_nltk() -> Iterator[None]:
    import nltk

    original = nltk.download
    nltk.download = lambda *args, **kwargs: False
    try:
        with warnings.catch_warnings():  # g2p_en/g2p.py has an invalid escape sequence
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        nltk.download = original


def letters_only(word: str) -> str:
    """Lower-case a–z letters of ``word`` (accents stripped): what the model was trained on."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return _LETTERS.sub("", decomposed)


class NeuralG2p:
    """g2p-en's GRU model for one word at a time; results are cached (LRU, 8192 words)."""

    def __init__(self, lexicon: dict[str, list[list[str]]]) -> None:
        with _offline_nltk():
            module = sys.modules.get("g2p_en.g2p") or importlib.import_module("g2p_en.g2p")
        original = getattr(module, "cmudict")  # noqa: B009 (untyped third-party module)
        setattr(module, "cmudict", types.SimpleNamespace(dict=lambda: lexicon))  # noqa: B010
        try:
            self._model: Any = module.G2p()
        finally:
            setattr(module, "cmudict", original)  # noqa: B010
        self.predict = lru_cache(maxsize=8192)(self._predict)

    def pronounce(self, words: list[str]) -> list[tuple[str, ...]]:
        """ARPAbet with stress digits for each word (``()`` when it has no a–z letter)."""
        return [self.predict(w) for w in words]

    def _predict(self, word: str) -> tuple[str, ...]:
        letters = letters_only(word)
        if not letters:
            return ()
        phones = [p for p in self._model.predict(letters) if not p.startswith("<")]
        # The model's output vocabulary has a stray unstressed-less "UW"; give it stress 0.
        return tuple(f"{p}0" if p == "UW" else p for p in phones)
