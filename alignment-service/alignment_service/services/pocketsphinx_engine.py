"""PocketSphinx 5 forced alignment with per-phone GOP and an extended recognition network.

Per request (all on the same 16 kHz 16-bit PCM):

1. Free phone loop, all senones scored → the competing score of every frame for GOP, and
   the speech check (no speech phone at all → status ``failed``).
2. Word pass against the canonical pronunciations (one per word, stress digits stripped),
   default beams; on failure again with wide beams (DESIGN: ≈ 1–2 % of L2 clips fail with
   default beams, ≈ 1 % after the retry).
3. Still failing (cut-off reading, missing words), or a whole word squeezed to the
   3-frames-per-phone minimum: a network where runs of words may be skipped finds the
   words that are there; those are aligned, the rest reported in
   ``unaligned_words`` (status ``partial``), or ``failed`` when none can be placed.
4. State-level forced alignment of the found word sequence, all senones scored → phone
   timings and forced scores. GOP = (forced − loop) / frames.
5. ERN pass (a second pass, so timings and GOP always describe the *expected* phones):
   the same word sequence where each word may take one-substitution variants built from
   ``substitutions`` (or the default L2 list); the variant chosen gives ``realized``.
6. Epenthesis pass (``ALIGN_EPENTHESIS``): a vowel added after a word's final consonant
   (:mod:`alignment_service.services.epenthesis`) gives the word's ``inserted`` phones.

Units in the response: seconds; ``score``/``loop_score`` in nats (natural log-likelihood,
relative to the best senone of each frame), ``gop`` in nats per 10 ms frame.
"""

from __future__ import annotations

import importlib.metadata
import logging
import math
import threading
from collections.abc import Mapping, Sequence

import numpy as np

from alignment_service.services.alignment_result import assemble_words
from alignment_service.services.epenthesis import EpenthesisRules, find_insertions
from alignment_service.services.gop import PhoneLoop
from alignment_service.services.l2_substitutions import DEFAULT_L2_SUBSTITUTIONS
from alignment_service.services.pronunciations import WordPlan, plan_words
from alignment_service.services.response import alignment_response
from alignment_service.services.sphinx_decoders import (
    FRAME_RATE,
    MIN_PHONE_FRAMES,
    SphinxDecoders,
    WordSpan,
)
from alignment_service.settings import AlignmentSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import TARGET_SR, Audio
from voicemesh.contracts.alignment import (
    AlignedWord,
    AlignmentRequest,
    AlignmentResponse,
    AlignmentWordIn,
)
from voicemesh.contracts.common import EngineInfo
from voicemesh.errors import EngineNotReady

log = logging.getLogger(__name__)

MIN_SPEECH_FRAMES = 10
"""Fewer loud frames (10 ms), or fewer speech-phone frames in the phone loop, than this:
no speech, the alignment fails."""
LOUD_FRAME_DBFS = -55.0
"""A 10 ms frame quieter than this (RMS, dB full scale) is not speech."""
CUT_OFF_PENALTY = 5.0
"""nats to skip every word after the last one said, when strict alignment failed (a cut-off
recording or reading); PocketSphinx cannot reach the end of the network with a much larger
penalty on that arc."""
INCOMPLETE = "some words could not be placed (cut-off or incomplete reading?)"
REBUILD_AFTER_WORDS = 200_000
"""Dictionary entries added before the decoders are rebuilt (keeps memory bounded)."""


def loud_frames(audio: Audio) -> int:
    """Number of 10 ms frames whose RMS level is above ``LOUD_FRAME_DBFS``."""
    hop = audio.sample_rate // FRAME_RATE
    n = len(audio.samples) // hop
    frames = audio.samples[: n * hop].astype(np.float64).reshape(n, hop)
    rms = np.sqrt(np.mean(np.square(frames), axis=1))
    return int(np.sum(rms > 10 ** (LOUD_FRAME_DBFS / 20)))


def squeezed(span: WordSpan) -> bool:
    """Every phone of the word at the HMM minimum of 3 frames (3 emitting states)."""
    return all(p.frames <= MIN_PHONE_FRAMES for p in span.phones)


class PocketSphinxEngine:
    """``PocketSphinxEngine(settings, store)``, then ``load()``, then ``process(request)``
    (artifact ref) or :meth:`align` (an Audio and words directly). Thread-safe: calls are
    serialised on one set of decoders (PocketSphinx is single-threaded, so
    ``ALIGN_THREADS`` has no effect)."""

    blocking = True

    def __init__(self, settings: AlignmentSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        version = importlib.metadata.version("pocketsphinx")
        self.info = EngineInfo(
            name="pocketsphinx", model=f"en-us (PocketSphinx {version})", device="cpu"
        )
        self._decoders: SphinxDecoders | None = None
        self._lock = threading.Lock()
        self._epenthesis = EpenthesisRules(
            penalty=settings.epenthesis_penalty,
            min_frames=settings.epenthesis_min_frames,
            min_gop=-math.inf
            if settings.epenthesis_min_gop is None
            else settings.epenthesis_min_gop,
        )

    def load(self) -> None:
        """Load the acoustic model into the three decoders and warm them up (≈ 0.3 s)."""
        self._decoders = SphinxDecoders()
        rng = np.random.default_rng(0)
        noise = (0.01 * rng.standard_normal(TARGET_SR // 2)).astype(np.float32)
        self.align(Audio(noise, TARGET_SR), [AlignmentWordIn(text="warm", phones=["AH0"])])

    def process(self, request: AlignmentRequest) -> AlignmentResponse:
        assert request.audio_ref is not None  # RequiresAudio guarantees it
        audio = self.store.load_audio(request.audio_ref, self.settings.audio_limits())
        return self.align(
            audio,
            request.words,
            substitutions=request.substitutions,
            textgrid=request.textgrid,
        )

    def align(
        self,
        audio: Audio,
        words: Sequence[AlignmentWordIn],
        *,
        substitutions: Mapping[str, Sequence[str]] | None = None,
        textgrid: bool = False,
    ) -> AlignmentResponse:
        """Align ``words`` (text + ARPAbet phones, stress digits allowed) to ``audio``.

        ``substitutions``: alternative phones per expected phone for the ERN; None = the
        default L2 list, ``{}`` = no ERN. ``textgrid``: also store a Praat TextGrid artifact.
        Never raises for audio that cannot be aligned (status failed/partial instead);
        raises InvalidRequest (422) for phones outside CMUdict's 39 and EngineNotReady
        before :meth:`load`.
        """
        table = DEFAULT_L2_SUBSTITUTIONS if substitutions is None else substitutions
        plans = plan_words(list(words), table, self.settings.ern_max_variants)
        audio16 = audio.resampled(TARGET_SR)
        pcm = audio16.pcm16()
        with self._lock:
            decoders = self._ready_decoders()
            spans, notes, loop, wide = self._align_words(decoders, audio16, pcm, plans)
            variants = self._ern_choices(decoders, pcm, plans, spans, wide) if spans else None
            inserted = (
                find_insertions(
                    decoders,
                    pcm,
                    [plans[i] for i in sorted(spans)],
                    spans,
                    loop,
                    wide=wide,
                    rules=self._epenthesis,
                    duration_s=audio16.duration_s,
                )
                if spans and self.settings.epenthesis
                else {}
            )
            unit = decoders.score_unit_nats
        aligned = assemble_words(plans, spans, loop, unit, audio16.duration_s, variants, inserted)
        return self._response(aligned, notes, audio16.duration_s, textgrid)

    def _ready_decoders(self) -> SphinxDecoders:
        if self._decoders is None:
            raise EngineNotReady("the PocketSphinx engine is not loaded; call load() first")
        if self._decoders.added_words > REBUILD_AFTER_WORDS:
            log.info("rebuilding PocketSphinx decoders (dictionary grew large)")
            self._decoders = SphinxDecoders()
        return self._decoders

    def _align_words(
        self, decoders: SphinxDecoders, audio: Audio, pcm: bytes, plans: list[WordPlan]
    ) -> tuple[dict[int, WordSpan], list[str], PhoneLoop, bool]:
        """Spans of the words that could be placed (by word index), notes for the message,
        the phone loop, and whether wide beams were needed."""
        loop = PhoneLoop(decoders.phone_loop(pcm))
        if loud_frames(audio) < MIN_SPEECH_FRAMES or loop.speech_frames() < MIN_SPEECH_FRAMES:
            return {}, ["no speech detected (silence or noise only)"], loop, False
        decoders.ensure_words(plans, variants=False)
        keys = [p.key for p in plans]
        everything = list(range(len(plans)))
        for wide in (False, True):
            spans = self._strict(decoders, pcm, keys, everything, wide)
            if spans is None:
                continue
            notes = ["aligned with wide beams after the default beams failed"] if wide else []
            if not any(squeezed(s) for s in spans.values()):
                return spans, notes, loop, wide
            # A whole word at the 3-frames-per-phone minimum may not have been said at all:
            # keep the strict alignment unless the skip network drops a word. The reading
            # reached its end here, so trailing words cost as much to skip as any other.
            penalty = self.settings.skip_penalty
            found = decoders.skip_pass(pcm, keys, penalty, penalty)
            if not found or len(found) == len(plans):
                return spans, notes, loop, wide
            break
        else:
            found = decoders.skip_pass(pcm, keys, self.settings.skip_penalty, CUT_OFF_PENALTY)
        if found:
            spans = self._strict(decoders, pcm, [keys[i] for i in found], found, True)
            if spans is not None:
                return spans, [INCOMPLETE], loop, True
        return {}, ["the words could not be aligned to the audio"], loop, True

    @staticmethod
    def _strict(
        decoders: SphinxDecoders, pcm: bytes, keys: list[str], indexes: list[int], wide: bool
    ) -> dict[int, WordSpan] | None:
        if decoders.word_pass(pcm, keys, wide=wide) is None:
            return None
        spans = decoders.state_alignment(pcm, decoders.word_alignment(wide=wide))
        if spans is None:
            return None
        words = [s for s in spans if s.name.startswith("@")]
        if len(words) != len(indexes):
            return None
        return dict(zip(indexes, words, strict=True))

    def _ern_choices(
        self,
        decoders: SphinxDecoders,
        pcm: bytes,
        plans: list[WordPlan],
        spans: dict[int, WordSpan],
        wide: bool,
    ) -> dict[int, int] | None:
        """Variant chosen per word index (-1 = canonical) for words with variants; None when
        no word has variants or the ERN pass could not finish."""
        placed = [plans[i] for i in sorted(spans)]
        if not any(p.variants for p in placed):
            return None
        decoders.ensure_words(placed, variants=True)
        prior = math.exp(-self.settings.ern_variant_penalty)
        arcs = [[(p.key, 1.0)] + [(p.variant_key(v), prior) for v in p.variants] for p in placed]
        result = decoders.network_pass(pcm, arcs, wide=wide)
        if result is None:
            return None
        chosen = [w for w in result if w.startswith("@")]
        if len(chosen) != len(placed):
            return None
        choices = {}
        for plan, key in zip(placed, chosen, strict=True):
            if plan.variants:
                keys = [plan.variant_key(v) for v in plan.variants]
                choices[plan.index] = keys.index(key) if key in keys else -1
        return choices

    def _response(
        self, words: list[AlignedWord], notes: list[str], duration_s: float, textgrid: bool
    ) -> AlignmentResponse:
        return alignment_response(
            words,
            duration_s,
            engine=self.info,
            store=self.store,
            textgrid=textgrid,
            message="; ".join(notes) or None,
        )
