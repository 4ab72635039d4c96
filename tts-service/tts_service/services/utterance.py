"""What to say, as Piper symbols per sentence, with the symbol range of every word.

Two inputs: ``words`` with ARPAbet phones (said exactly, dictionary stress forced) or plain
``text`` (phonemized by espeak-ng inside Piper). For text, the whole text is phonemized at once
so function words get their weak forms (TO → ``tə``, A → ``ɐ``), and espeak-ng's words are
matched to the whitespace-separated tokens of the text. When the counts differ (a number said
as several words, "to be" merged into ``təbi``) the two are aligned by length (see
:func:`_regroup`), so the audio keeps espeak-ng's connected-speech forms and every token still
gets a time span.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tts_service.services.piper_phonemes import word_symbols
from voicemesh.contracts.tts import TtsWordIn

Phonemize = Callable[[str], list[list[str]]]

SEPARATORS = frozenset(" ,.;:!?")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>,.;:!?…—–-«»*_~`"
_SENTENCE_END = re.compile(r"[.!?]")
_CLAUSE_END = re.compile(r"[,;:—–]")


@dataclass
class PhoneSpan:
    """An ARPAbet phone of a ``words`` input and its symbol range ``[start, end)``."""

    phone: str
    start: int
    end: int


@dataclass
class WordSpan:
    """Word ``index`` of the input (its position among words/tokens) and its symbol range."""

    index: int
    text: str
    start: int
    end: int
    phones: list[PhoneSpan] = field(default_factory=list)


@dataclass
class Sentence:
    symbols: list[str] = field(default_factory=list)
    words: list[WordSpan] = field(default_factory=list)

    def add_word(self, index: int, text: str, symbols: Sequence[str]) -> WordSpan:
        if self.symbols and self.symbols[-1] != " ":
            self.symbols.append(" ")
        span = WordSpan(index, text, len(self.symbols), len(self.symbols) + len(symbols))
        self.symbols.extend(symbols)
        self.words.append(span)
        return span


def plan_words(words: Sequence[TtsWordIn]) -> list[Sentence]:
    """One sentence saying each word's phones. Raises ValueError naming a bad phone."""
    sentence = Sentence()
    for index, word in enumerate(words):
        try:
            phones = word_symbols(list(word.phones))
        except ValueError as exc:
            raise ValueError(f"words[{index}] ({word.text!r}): {exc}") from None
        symbols = [s for p in phones for s in p.symbols]
        span = sentence.add_word(index, word.text, symbols)
        cursor = span.start
        for p in phones:
            span.phones.append(PhoneSpan(p.phone, cursor, cursor + len(p.symbols)))
            cursor += len(p.symbols)
    sentence.symbols.append(".")
    return [sentence]


@dataclass(frozen=True)
class Token:
    text: str
    trailing: str  # punctuation and spaces up to the next token


def tokenize(text: str) -> list[Token]:
    """Whitespace-separated tokens without their edge punctuation; tokens that are only
    punctuation join the previous token's trailing text."""
    tokens: list[Token] = []
    for chunk in text.split():
        word = chunk.strip(_EDGE_PUNCTUATION)
        if not word:
            if tokens:
                last = tokens[-1]
                tokens[-1] = Token(last.text, f"{last.trailing} {chunk}")
            continue
        tail = chunk[chunk.rfind(word) + len(word) :]
        tokens.append(Token(word, tail))
    return tokens


def _joined(words: list[tuple[int, list[str]]]) -> list[str]:
    """The symbols of several espeak words, separated by spaces."""
    return [s for k, (_, word) in enumerate(words) for s in [" "] * bool(k) + word]


def _espeak_words(sentences: list[list[str]]) -> list[tuple[int, list[str]]]:
    """(sentence index, symbols) of each word in espeak-ng's output."""
    words: list[tuple[int, list[str]]] = []
    for s, symbols in enumerate(sentences):
        current: list[str] = []
        for symbol in [*symbols, " "]:
            if symbol in SEPARATORS:
                if current:
                    words.append((s, current))
                current = []
            else:
                current.append(symbol)
    return words


def plan_text(text: str, phonemize: Phonemize) -> list[Sentence]:
    """Sentences for plain text; word indices follow :func:`tokenize`. Empty when the text
    has nothing to say."""
    text = text.replace("[", " ").replace("]", " ")  # no raw-phoneme blocks from users
    tokens = tokenize(text)
    if not tokens:
        return []
    phonemized = phonemize(text)
    words = _espeak_words(phonemized)
    if len(words) == len(tokens):
        groups = [[w] for w in words]
    else:
        groups = _regroup(tokens, words, phonemize)
    sentences = [Sentence() for _ in phonemized]
    for index, (token, group) in enumerate(zip(tokens, groups, strict=True)):
        if not group:
            continue
        s = group[0][0]
        symbols = _joined(group)
        sentences[s].add_word(index, token.text, symbols)
        following = next((g[0][0] for g in groups[index + 1 :] if g), None)
        sentences[s].symbols.extend(_punctuation(token.trailing, last=following != s))
    return [s for s in sentences if s.words]


EspeakWord = tuple[int, list[str]]  # (sentence index, symbols)
_MAX_TOKENS_PER_WORD = 3  # "to be" → təbi
_MAX_WORDS_PER_TOKEN = 6  # "1,234" → one thousand two hundred thirty-four
# Alignment costs, in symbols: a length difference costs its size, a block other than one
# token ↔ one espeak word costs half a symbol, and a block whose first sound differs from the
# token's own first sound costs one.
_REGROUP_PENALTY = 0.5
_BAND = 48  # espeak words searched around the diagonal for each token (DP band)
_ONSET_MISMATCH = 1.0
_MARKS = frozenset("ˈˌːʲ ")


def _phonetic(symbols: Sequence[str]) -> list[str]:
    return [s for s in symbols if s not in _MARKS]


def _regroup(
    tokens: list[Token], words: list[EspeakWord], phonemize: Phonemize
) -> list[list[EspeakWord]]:
    """espeak-ng word(s) of each token when the counts differ: a monotonic alignment (dynamic
    programming) of tokens to espeak words, guided by each token's phonemization alone.
    Several tokens merged into one espeak word share it in proportion to their lengths; one
    token said as several words (numbers) gets them all."""
    spoken_alone = [_joined(_espeak_words(phonemize(t.text))) for t in tokens]
    alone = [_phonetic(symbols) for symbols in spoken_alone]
    heard = [_phonetic(symbols) for _, symbols in words]
    n, m = len(tokens), len(words)
    alone_sum = [0, *itertools.accumulate(len(a) for a in alone)]
    heard_sum = [0, *itertools.accumulate(len(h) for h in heard)]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    shapes = [(1, b) for b in range(1, _MAX_WORDS_PER_TOKEN + 1)]
    shapes += [(a, 1) for a in range(2, _MAX_TOKENS_PER_WORD + 1)]
    shapes.append((1, 0))  # a token espeak-ng does not say (a lone symbol)
    for i in range(n + 1):
        centre = i * m // max(n, 1)
        for j in range(max(0, centre - _BAND), min(m, centre + _BAND) + 1):
            if cost[i][j] == inf:
                continue
            for a, b in shapes:
                if i + a > n or j + b > m:
                    continue
                said = heard_sum[j + b] - heard_sum[j]
                expected = alone_sum[i + a] - alone_sum[i]
                step = float(abs(said - expected))
                step += 0.0 if (a, b) == (1, 1) else _REGROUP_PENALTY
                onset = heard[j][:1] if b else []
                step += _ONSET_MISMATCH if onset != alone[i][:1] else 0.0
                if cost[i][j] + step < cost[i + a][j + b]:
                    cost[i + a][j + b] = cost[i][j] + step
                    back[i + a][j + b] = (a, b)
    if cost[n][m] == inf:  # no alignment within the band: say each token as phonemized alone
        return [[(0, symbols)] if symbols else [] for symbols in spoken_alone]
    groups: list[list[EspeakWord]] = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        block = words[j - b : j]
        if a == 1:
            groups.append(block)
        else:
            groups.extend(reversed(_share(block[0], [len(w) for w in alone[i - a : i]])))
        i, j = i - a, j - b
    return list(reversed(groups))


def _share(word: EspeakWord, lengths: list[int]) -> list[list[EspeakWord]]:
    """Cut one espeak word's symbols among tokens in proportion to ``lengths``; a stress mark
    stays with the vowel after it."""
    sentence, symbols = word
    total = max(sum(lengths), 1)
    phonetic = len(_phonetic(symbols))
    cuts, acc = [], 0
    for length in lengths[:-1]:
        acc += length
        cuts.append(round(phonetic * acc / total))
    parts: list[list[str]] = [[] for _ in lengths]
    part, seen = 0, 0
    for symbol in symbols:
        is_phone = symbol not in _MARKS
        if symbol in "ˈˌ" or is_phone:
            while part < len(cuts) and seen >= cuts[part]:
                part += 1
        parts[part].append(symbol)
        if is_phone:
            seen += 1
    return [[(sentence, p)] if p else [] for p in parts]


def _punctuation(trailing: str, *, last: bool) -> list[str]:
    """The pause symbol after a word: sentence end, clause end, or nothing."""
    end = _SENTENCE_END.search(trailing)
    if end:
        return [end.group(0)]
    if last:
        return ["."]
    if _CLAUSE_END.search(trailing):
        return [",", " "]
    return []
