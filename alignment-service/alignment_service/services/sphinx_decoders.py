"""The three PocketSphinx 5 decoders behind the aligner, and the passes they run.

* ``words`` (default beams) and ``wide`` (wide beams, the retry) find the word sequence,
  the optional silences between words and, in the ERN pass, which pronunciation variant
  each word took. They run with ``compallsen=False`` (only active senones scored), which is
  about 4x faster and gives the same best path.
* ``scorer`` (``compallsen=True``) runs the state-level forced alignment and the free phone
  loop. Scoring every senone in every frame matters here: PocketSphinx normalises each
  frame's senone scores by the best senone *it computed*, so the forced and loop scores are
  comparable (and GOP meaningful) only when both passes compute all senones.

All decoders use ``lm=None`` and ``bestpath=False`` (with bestpath=True about a third of
alignments fail; DESIGN notes) and an empty word dictionary (``dict=None``): every word is
added explicitly, so no dictionary pronunciation can sneak in. Scores are integers in
PocketSphinx's log base (``logbase``, 1.0001) shifted right by ``SENSCR_SHIFT`` = 10 bits
(PocketSphinx ``hmm.h``): one unit is ``1024 * ln(1.0001)`` ≈ 0.1024 nats.
Frames are 10 ms (``frate`` 100).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pocketsphinx import Alignment, Decoder

from alignment_service.services.pronunciations import WordPlan, pronunciation_key

FRAME_RATE = 100
MIN_PHONE_FRAMES = 3  # 3 emitting states per phone HMM, no skips
SENSCR_SHIFT = 10
LOOP_SEARCH = "_phone_loop"
SKIP_SEARCH = "_skip_words"
ERN_SEARCH = "_ern"
WIDE_BEAMS = {"beam": 1e-80, "wbeam": 1e-60, "pbeam": 1e-80, "lpbeam": 1e-60}
# Fillers of the en-us noise dictionary and the silence phone: not speech.
NON_SPEECH = frozenset({"SIL", "+NSN+", "+SPN+", "+BREATH+", "+COUGH+", "+UM+"})


@dataclass(frozen=True)
class PhoneSpan:
    name: str
    start: int
    frames: int
    score: int


@dataclass(frozen=True)
class WordSpan:
    """A word of the state alignment; ``name`` is the dictionary key (``key(2)`` for the
    second pronunciation)."""

    name: str
    start: int
    frames: int
    score: int
    phones: tuple[PhoneSpan, ...]


@dataclass(frozen=True)
class LoopSegment:
    phone: str
    start: int
    end: int
    """exclusive"""
    score: float


def _decode(decoder: Decoder, pcm: bytes) -> None:
    # Reset the noise-removal statistics, which otherwise carry over from the previous
    # utterance, so each pass (and each request) sees the same features: results are
    # deterministic. PocketSphinx 5.1 marks start_stream deprecated, yet it still resets them.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        decoder.start_stream()
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()


class SphinxDecoders:
    """Owns the decoders; not thread-safe (the engine serialises calls)."""

    def __init__(self) -> None:
        common = {"lm": None, "dict": None, "bestpath": False, "loglevel": "FATAL"}
        self.words = Decoder(compallsen=False, **common)
        self.wide = Decoder(compallsen=False, **common, **WIDE_BEAMS)
        self.scorer = Decoder(compallsen=True, **common)
        self.scorer.add_allphone_file(LOOP_SEARCH, None)
        self.score_unit_nats = (1 << SENSCR_SHIFT) * math.log(float(self.scorer.config["logbase"]))
        self._ln_base = math.log(float(self.scorer.config["logbase"]))
        self.added_words = 0

    def ensure_words(self, plans: Sequence[WordPlan], *, variants: bool) -> None:
        """Register each plan's canonical pronunciation (and with ``variants`` its ERN
        variants) in both word decoders, once: keys are pronunciations, so they are reused
        across requests."""
        prons = []
        for plan in plans:
            prons.append(plan.phones)
            if variants:
                prons += [plan.variant_phones(v) for v in plan.variants]
        self.ensure_pronunciations(prons)

    def ensure_pronunciations(self, pronunciations: Iterable[Sequence[str]]) -> None:
        """Register each pronunciation (aligner phones) under its key in both word decoders,
        once."""
        for phones in pronunciations:
            key = pronunciation_key(phones)
            for decoder in (self.words, self.wide):
                if decoder.lookup_word(key) is None:
                    decoder.add_word(key, " ".join(phones), False)
                    self.added_words += 1

    def word_pass(self, pcm: bytes, keys: Sequence[str], *, wide: bool) -> list[str] | None:
        """Decode against the word sequence (optional silences between words). Returns the
        recognised dictionary words (fillers included), or None when the end of the
        sequence cannot be reached with these beams. Leaves the decoder ready for
        :meth:`word_alignment`."""
        decoder = self.wide if wide else self.words
        decoder.set_align_text(" ".join(keys))
        _decode(decoder, pcm)
        if decoder.hyp() is None:
            return None
        return [seg.word for seg in decoder.seg()]

    def word_alignment(self, *, wide: bool) -> Alignment:
        """The word-level alignment of the last successful :meth:`word_pass`."""
        decoder = self.wide if wide else self.words
        decoder.set_alignment()
        alignment = decoder.get_alignment()
        if alignment is None:
            raise RuntimeError("PocketSphinx returned no alignment after a successful pass")
        return alignment

    def network_pass(
        self, pcm: bytes, arcs: Sequence[Sequence[tuple[str, float]]], *, wide: bool
    ) -> list[str] | None:
        """Decode against a word network: position i may be any of ``arcs[i]`` (dictionary
        key, prior probability), with optional silences between words. Returns the
        recognised keys (fillers included) or None when the network's end is not reached."""
        decoder = self.wide if wide else self.words
        transitions = [
            (i, i + 1, prior, key) for i, choices in enumerate(arcs) for key, prior in choices
        ]
        fsg = decoder.create_fsg(ERN_SEARCH, 0, len(arcs), transitions)
        decoder.add_fsg(ERN_SEARCH, fsg)
        decoder.activate_search(ERN_SEARCH)
        _decode(decoder, pcm)
        if decoder.hyp() is None:
            return None
        return [seg.word for seg in decoder.seg()]

    def skip_pass(
        self, pcm: bytes, keys: Sequence[str], skip_penalty: float, trailing_penalty: float
    ) -> list[int]:
        """Indexes of the words found when any run of words may be missing (cut-off or
        incomplete reading), wide beams. Skipping costs ``skip_penalty`` nats per word inside
        the sentence and ``trailing_penalty`` nats for all the words after the last one said.
        Empty when nothing could be placed (PocketSphinx also fails to reach the final state
        when the only way there is a trailing skip much dearer than ~10 nats)."""
        n = len(keys)
        transitions: list[tuple[int, int, float] | tuple[int, int, float, str]] = []
        for i, key in enumerate(keys):
            transitions.append((i, i + 1, 1.0, key))
            # Epsilon arcs i → j skip words i..j-1. PocketSphinx does not chain epsilon
            # arcs, so each skip is one direct arc: up to three words, or all the rest.
            for j in range(i + 1, min(n - 1, i + 3) + 1):
                transitions.append((i, j, math.exp(-skip_penalty * (j - i))))
            transitions.append((i, n, math.exp(-trailing_penalty)))
        fsg = self.wide.create_fsg(SKIP_SEARCH, 0, n, transitions)
        self.wide.add_fsg(SKIP_SEARCH, fsg)
        self.wide.activate_search(SKIP_SEARCH)
        _decode(self.wide, pcm)
        if self.wide.hyp() is None:
            return []
        found: list[int] = []
        position = 0
        for word in (seg.word for seg in self.wide.seg()):
            if not word.startswith("@"):
                continue
            while position < n and keys[position] != word:
                position += 1
            if position < n:
                found.append(position)
                position += 1
        return found

    def state_alignment(self, pcm: bytes, alignment: Alignment) -> list[WordSpan] | None:
        """State-level forced alignment with all senones scored. None if it cannot finish."""
        try:
            self.scorer.set_alignment(alignment)
            _decode(self.scorer, pcm)
        except RuntimeError:
            return None
        result = self.scorer.get_alignment()
        if result is None:
            return None
        words = [
            WordSpan(
                w.name,
                w.start,
                w.duration,
                w.score,
                tuple(PhoneSpan(p.name, p.start, p.duration, p.score) for p in w),
            )
            for w in result
        ]
        if not words or any(w.frames <= 0 for w in words):
            return None
        return words

    def phone_loop(self, pcm: bytes) -> list[LoopSegment]:
        """Free phone-loop decoding of the whole audio, all senones scored: no phone LM and
        context-independent phones (``allphone_ci``, PocketSphinx's default; the triphone
        loop is ~50x slower). The forced pass uses triphones, so on well-matched frames the
        forced score can beat the loop and GOP can be positive."""
        self.scorer.activate_search(LOOP_SEARCH)
        _decode(self.scorer, pcm)
        segments = []
        for seg in self.scorer.seg():
            # Segment.ascore is exp(ascr * ln(logbase)); take the log back to integer units.
            score = math.log(seg.ascore) / self._ln_base if seg.ascore > 0 else -math.inf
            segments.append(LoopSegment(seg.word, seg.start_frame, seg.end_frame + 1, score))
        return segments
