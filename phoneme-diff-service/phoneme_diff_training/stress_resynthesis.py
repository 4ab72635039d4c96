"""Stress errors made from the learners' own clips: one correctly stressed word of a training
utterance has the prosody of its primary stress moved to another syllable by PSOLA
resynthesis (Praat's Manipulation, overlap-add, through parselmouth); that word is labelled
wrong (share 1), and the same clip resynthesised without changes is its right twin (share 0),
so the resynthesis itself carries no label.

Why: the Piper pairs of stress_synthesis.py taught the stress model a voice, rate and vowel
quality that no learner has (docs/evaluation.md, candidate 4). A resynthesised learner clip
keeps the speaker, the recording and the vowels; only the three cues of stress change:
duration, F0 and intensity (Fry, "Experiments in the perception of stress", Language and
Speech 1958). What it cannot move is vowel quality: a reduced vowel stays reduced.

Per pair: a seeded choice (``numpy.random.default_rng(SEED)``) of training utterance, of one
of its multi-syllable content words that every expert marked correctly stressed (share 0), of
one of that word's other syllables (the target), and of three contrasts drawn from
``CONTRASTS``. Measured on the real clip (its cached alignment, UtteranceProsody), each edit
capped by ``CAPS``:

- duration: the primary's nucleus is shortened to ``PRIMARY_SHRINK`` × and the target's
  stretched to last ``ratio`` × the shortened primary (stressed vowels last about 1.5 ×
  unstressed ones);
- F0: the target syllable is raised to ``semitones`` above the primary syllable's median F0,
  the primary syllable lowered by half of ``semitones``;
- intensity: the target syllable is raised to ``decibels`` above the primary syllable's mean
  intensity, the primary lowered by half of ``decibels`` (10 ms raised-cosine ramps).

The target is never made less prominent than the learner made it: an edit that would undo
what the clip already has is 1 × (0 st, 0 dB). Praat's random numbers are seeded, so a pair
resynthesises to the same samples every time. Both clips go through the run-time path
(alignment-service's PocketSphinx, Assessor.stress_rows with the shipped front-end models,
as stress_synthesis.py), cached per version of those models under
``var/phoneme-diff/synthetic/psola-<sha>.jsonl``. The front-end models were fitted on every
real clip, these sources included, so a row's predicted word accuracy is closer to the
experts' than at run time. Measured, not shipped (docs/evaluation.md, candidate 4).

    python -m phoneme_diff_training.stress_resynthesis   # ≈ 2 s per pair per worker
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import parselmouth
from parselmouth.praat import call

from phoneme_diff_service.assessor import word_specs
from phoneme_diff_service.corpus import CorpusUtterance, corpus_pronunciations, read_corpus
from phoneme_diff_service.expected import WordSpec
from phoneme_diff_service.prosody import UtteranceProsody
from phoneme_diff_training.corpus_cache import (
    CORPUS,
    cached_alignment,
    expert_stress_shares,
    load_audio,
)
from phoneme_diff_training.stress_synthesis import SYNTH_CACHE, read_rows, rows_path, scored_row
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignedWord, AlignmentResponse

N_PAIRS = 600
SEED = 762
KIND = "psola"
# (low, high) of the uniform draws: target/primary nucleus duration ratio, F0 and intensity
# of the target syllable above the primary's (st, dB); a spread from barely to clearly shifted
CONTRASTS = {"ratio": (1.1, 1.7), "semitones": (1.0, 5.0), "decibels": (1.0, 5.0)}
PRIMARY_SHRINK = 0.85
# the most any edit may do: stretch a nucleus, raise a syllable's F0 (st), its intensity (dB)
CAPS = {"stretch": 2.5, "semitones": 8.0, "decibels": 8.0}
RAMP_S = 0.01
_EDGE_S = 0.001  # DurationTier points this far outside a nucleus keep the rest at 1


@dataclass(frozen=True)
class ProsodyShift:
    utt: str
    word: int
    syllable: int  # the target: the syllable that takes the primary's prosody
    ratio: float
    semitones: float
    decibels: float


@dataclass(frozen=True)
class Span:
    start: float  # s
    end: float


def candidate_words(
    specs: list[WordSpec], shares: list[float], words: list[AlignedWord]
) -> list[int]:
    """Words the stress model judges (multi-syllable, a primary, not a weak form), aligned,
    and marked correctly stressed by all five experts."""
    return [
        w
        for w, spec in enumerate(specs)
        if spec.multisyllabic
        and spec.primary is not None
        and not spec.weak_form
        and words[w].aligned
        and shares[w] == 0.0
    ]


def plan(
    corpus: list[CorpusUtterance],
    shares: dict[str, list[float]],
    alignment_of: Callable[[str], AlignmentResponse],
    n: int = N_PAIRS,
    seed: int = SEED,
) -> list[ProsodyShift]:
    """``n`` shifts in distinct utterances (module docstring). ``shares``: per utterance, per
    word, the share of experts marking the stress wrong (corpus_cache.expert_stress_shares);
    ``alignment_of``: an utterance id's alignment (corpus_cache.cached_alignment)."""
    rng = np.random.default_rng(seed)
    out: list[ProsodyShift] = []
    for i in rng.permutation(len(corpus)):
        u = corpus[int(i)]
        alignment = alignment_of(u.utt)
        specs = word_specs(corpus_pronunciations(u), alignment)
        words = candidate_words(specs, shares[u.utt], alignment.words)
        if not words:
            continue
        w = int(rng.choice(words))
        others = [s for s in range(len(specs[w].syllables)) if s != specs[w].primary]
        draws = {k: float(rng.uniform(*bounds)) for k, bounds in CONTRASTS.items()}
        out.append(ProsodyShift(u.utt, w, int(rng.choice(others)), **draws))
        if len(out) == n:
            break
    return out


def syllable_spans(spec: WordSpec, word: AlignedWord) -> tuple[list[Span], list[Span]]:
    """Per syllable: (its whole span, its nucleus's span), from the aligned phones."""
    whole, nucleus, start = [], [], 0
    for syl in spec.syllables:
        phones = word.phones[start : start + len(syl.phones)]
        whole.append(Span(phones[0].start, phones[-1].end))
        n = word.phones[syl.nucleus]
        nucleus.append(Span(n.start, n.end))
        start += len(syl.phones)
    return whole, nucleus


def _gain(samples: np.ndarray, sr: int, span: Span, db: float) -> None:
    """Scale ``samples`` in ``span`` by ``db`` with raised-cosine ramps, in place."""
    a, b = int(span.start * sr), int(span.end * sr)
    envelope = np.zeros(len(samples))
    envelope[a:b] = 1.0
    ramp = int(RAMP_S * sr)
    if ramp:
        rise = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, ramp))
        envelope[max(0, a - ramp) : a] = rise[ramp - (a - max(0, a - ramp)) :]
        envelope[b : b + ramp] = rise[::-1][: len(envelope[b : b + ramp])]
    samples *= 10 ** (db * envelope / 20)


def resynthesise(
    audio: Audio,
    pitch: Sequence[tuple[Span, float]] = (),
    gain: Sequence[tuple[Span, float]] = (),
    duration: Sequence[tuple[Span, float]] = (),
    *,
    floor_hz: float,
    ceiling_hz: float,
) -> Audio:
    """``audio`` through Praat's PSOLA Manipulation with the F0 of each span shifted (st),
    its intensity changed (dB) and its duration scaled (factor). With no edits it is the
    identity resynthesis (the same overlap-add, so the same artefacts)."""
    samples = np.asarray(audio.samples, dtype=np.float64).copy()
    for span, db in gain:
        _gain(samples, audio.sample_rate, span, db)
    sound = parselmouth.Sound(samples, float(audio.sample_rate))
    manipulation = call(sound, "To Manipulation", 0.01, floor_hz, ceiling_hz)
    tier = call(manipulation, "Extract pitch tier")
    for span, st in pitch:
        call(tier, "Shift frequencies", span.start, span.end, st, "semitones")
    call([tier, manipulation], "Replace pitch tier")
    durations = call("Create DurationTier", "shift", sound.xmin, sound.xmax)
    call(durations, "Add point", sound.xmin, 1.0)
    for span, factor in duration:
        for t, f in (
            (span.start - _EDGE_S, 1.0),
            (span.start, factor),
            (span.end, factor),
            (span.end + _EDGE_S, 1.0),
        ):
            call(durations, "Add point", t, f)
    call([durations, manipulation], "Replace duration tier")
    # Praat's overlap-add draws random numbers (two unseeded runs give different samples)
    parselmouth.praat.run(f"random_initializeWithSeedUnsafelyButPredictably ({SEED})")
    out = call(manipulation, "Get resynthesis (overlap-add)")
    edited = np.clip(np.asarray(out.values[0]), -1.0, 1.0).astype(np.float32)
    return Audio(edited, audio.sample_rate)


def edits(
    shift: ProsodyShift, spec: WordSpec, word: AlignedWord, prosody: UtteranceProsody
) -> dict[str, list[tuple[Span, float]]]:
    """The pitch, gain and duration edits that move ``spec``'s primary's prosody to
    ``shift.syllable`` (module docstring), from the real clip's measures: duration of the
    nuclei, F0 and intensity of the whole syllables (a 30 ms schwa has too few pitch
    frames). Each edit is capped by ``CAPS``."""
    whole, nucleus = syllable_spans(spec, word)
    p, t = spec.primary or 0, shift.syllable
    dp, dt = (nucleus[i].end - nucleus[i].start for i in (p, t))
    mp, mt = (prosody.nucleus(whole[i].start, whole[i].end) for i in (p, t))
    stretch = min(CAPS["stretch"], max(1.0, shift.ratio * PRIMARY_SHRINK * dp / max(dt, 1e-3)))
    out: dict[str, list[tuple[Span, float]]] = {
        "duration": [(nucleus[t], stretch), (nucleus[p], PRIMARY_SHRINK)],
        "pitch": [],
        "gain": [],
    }
    if mp.f0_hz and mt.f0_hz:
        up = 12 * np.log2(mp.f0_hz / mt.f0_hz) + shift.semitones
        out["pitch"] = [
            (whole[t], float(np.clip(up, 0.0, CAPS["semitones"]))),
            (whole[p], -shift.semitones / 2),
        ]
    if mp.intensity_db is not None and mt.intensity_db is not None:
        up = mp.intensity_db - mt.intensity_db + shift.decibels
        out["gain"] = [
            (whole[t], float(np.clip(up, 0.0, CAPS["decibels"]))),
            (whole[p], -shift.decibels / 2),
        ]
    return out


_WORKER: dict[str, Any] = {}


def _init() -> None:
    from phoneme_diff_service.corpus import CorpusScorer

    _WORKER["scorer"] = CorpusScorer(threads=1)


def _rows(args: tuple[ProsodyShift, CorpusUtterance]) -> list[dict[str, Any]]:
    """The pair's two rows (fewer when the word is not aligned again or gets no stress row)."""
    shift, u = args
    scorer = _WORKER["scorer"]
    floor_hz, ceiling_hz = scorer.assessor.pitch_floor_hz, scorer.assessor.pitch_ceiling_hz
    expected = corpus_pronunciations(u)
    real = cached_alignment(u.utt)
    spec = word_specs(expected, real)[shift.word]
    audio = load_audio(u.utt)
    prosody = UtteranceProsody(
        audio.samples, audio.sample_rate, pitch_floor_hz=floor_hz, pitch_ceiling_hz=ceiling_hz
    )
    moved = edits(shift, spec, real.words[shift.word], prosody)
    out = []
    for wrong in (False, True):
        clip = resynthesise(
            audio, **(moved if wrong else {}), floor_hz=floor_hz, ceiling_hz=ceiling_hz
        )
        row = scored_row(scorer, u, expected, shift.word, clip)
        if row is not None:
            out.append({"wrong": wrong, "row": row})
    return out


def resynthesise_all(workers: int = 2, n: int = N_PAIRS) -> None:
    """Resynthesise, align and score every planned pair not yet in the row cache."""
    corpus = {u.utt: u for u in read_corpus(CORPUS)}
    SYNTH_CACHE.mkdir(parents=True, exist_ok=True)
    done = {r["utt"] for r in read_rows(KIND)}
    shifts = plan(list(corpus.values()), expert_stress_shares(), cached_alignment, n)
    todo = [(s, corpus[s.utt]) for s in shifts if s.utt not in done]
    with ProcessPoolExecutor(workers, initializer=_init) as pool, rows_path(KIND).open("a") as fh:
        for i, ((shift, _), rows) in enumerate(
            zip(todo, pool.map(_rows, todo, chunksize=4), strict=True)
        ):
            for r in rows:
                fh.write(json.dumps({"utt": shift.utt, "shift": asdict(shift)} | r) + "\n")
            fh.flush()
            if i % 50 == 0:
                print(f"resynthesised pair {i}/{len(todo)}", flush=True)


if __name__ == "__main__":
    resynthesise_all()
