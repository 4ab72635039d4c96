"""Synthesised lexical-stress errors for the stress model: training sentences said by Piper
twice, once with the lexicon's stress and once with one word's primary stress moved to another
syllable; that word is labelled right (share 0) in the first and wrong (share 1) in the second.

Why: speechocean762's experts mark the stress of only 103 of its 2,369 multi-syllable words
wrong, so the stress model sees few misplaced primaries, and fewer of them in otherwise well
said words. Text-to-speech from edited lexical stress is the augmentation of Korzekwa et al.,
"Detection of lexical stress errors in non-native (L2) English with data augmentation and
attention" (Interspeech 2021). The pair shares voice, text and rate, so what tells its two
words apart is the stress.

Per pair: a seeded choice of training utterance, of one multi-syllable content word with a
primary stress (not a weak form), of one of its other syllables, whose stress digit is swapped
with the primary's (SUFFICIENT S AH0 F IH1 SH N T → S AH1 F IH0 SH N T; a two-vowel nucleus
carries its digit on its first vowel, lexical.py), and of a speaking rate. Piper (tts-service's
engine, en_US-joe-medium, ARPAbet input said as given) renders both; each clip is resampled to
16 kHz, aligned against the canonical words by the alignment-service's PocketSphinx engine (as
corpus_cache.py) and its stress-model input row is computed by the shipped models' run-time
path (Assessor.stress_rows). The phone, word and nucleus-stress models those rows read never
see a synthetic clip, so the rows hold no synthetic label; in a CV they come from the shipped
models (fitted on every real utterance), not from the fold's own: the run-time view of clips
none of those models heard. Rows are cached under ``var/phoneme-diff/synthetic/``, per version
of those models (:func:`rows_path`). Measured, not shipped (docs/evaluation.md, candidate 4).

    python -m phoneme_diff_training.stress_synthesis   # ≈ 1 s per clip per worker
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from phoneme_diff_service.assessor import word_specs
from phoneme_diff_service.corpus import (
    CorpusScorer,
    CorpusUtterance,
    corpus_pronunciations,
    read_corpus,
)
from phoneme_diff_service.settings import MODELS_DIR
from phoneme_diff_service.stress_inputs import accuracy_gated
from phoneme_diff_training.corpus_cache import CACHE, CORPUS, read_labels
from voicemesh.audio import Audio
from voicemesh.contracts.phoneme_map import WordPronunciation
from voicemesh_speech.phones import base_phone, is_vowel, split_stress

N_PAIRS = 600  # sentence pairs (of 2,500 real utterances)
SEED = 762
RATES = (0.8, 0.9, 1.0)  # Piper speaking rates (1 / length_scale); learners read slowly
SYNTH_CACHE = CACHE / "synthetic"
SAMPLE_RATE = 16000
# the shipped models a stress row is computed with (every one but the stress models)
FRONT_END = (
    "phone_classifier.npz",
    "phone_quality.npz",
    "phone_score.lgb.txt",
    "phone_score_xent.lgb.txt",
    "phone_evidence.lgb.txt",
    "phone_evidence_xent.lgb.txt",
    "word_accuracy.lgb.txt",
    "nucleus_stress.npz",
    "vowel_durations.json",
)


def rows_path(kind: str = "rows") -> Path:
    """The row cache of the shipped front-end models (named by their SHA-256, so rows computed
    by other models are never read: refit them, then run this module again). ``kind``: "rows"
    for the Piper pairs, "psola" for stress_resynthesis.py's."""
    digest = hashlib.sha256()
    for name in FRONT_END:
        digest.update((MODELS_DIR / name).read_bytes())
    return SYNTH_CACHE / f"{kind}-{digest.hexdigest()[:12]}.jsonl"


@dataclass(frozen=True)
class StressShift:
    utt: str  # source utterance (its text and speaker)
    word: int  # index of the word whose stress moves
    syllable: int  # nucleus index that takes the primary stress
    rate: float


def shifted_phones(pron: WordPronunciation, syllable: int) -> list[str]:
    """The word's phones (ARPAbet with stress digits) with the stress digits of its primary
    syllable's and of syllable ``syllable``'s nucleus (the first vowel of each) swapped.
    Raises ValueError when ``syllable`` is the primary or out of range, or there is none."""
    primary = pron.primary_stress_index
    if primary is None or not 0 <= syllable < len(pron.syllables) or syllable == primary:
        raise ValueError(f"no stress shift to syllable {syllable} of {pron.phones}")
    firsts, start = [], 0
    for syl in pron.syllables:
        firsts.append(start + next(j for j, p in enumerate(syl.phones) if is_vowel(p)))
        start += len(syl.phones)
    out = list(pron.phones)
    digit = split_stress(out[firsts[syllable]])[1] or 0
    for i, d in ((firsts[primary], digit), (firsts[syllable], 1)):
        out[i] = f"{base_phone(out[i])}{d}"
    return out


def candidate_words(prons: list[WordPronunciation]) -> list[int]:
    """The words of an utterance (its corpus_pronunciations) whose stress the stress model
    judges: more than one nucleus, a primary stress, not a weak form."""
    return [
        w
        for w, p in enumerate(prons)
        if len(p.syllables) > 1 and p.primary_stress_index is not None and not p.weak_form
    ]


def plan(corpus: list[CorpusUtterance], n: int = N_PAIRS, seed: int = SEED) -> list[StressShift]:
    """``n`` shifts in distinct utterances, drawn with ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    shifts: list[StressShift] = []
    for i in rng.permutation(len(corpus)):
        u = corpus[int(i)]
        prons = corpus_pronunciations(u)
        words = candidate_words(prons)
        if not words:
            continue
        w = int(rng.choice(words))
        pron = prons[w]
        others = [s for s in range(len(pron.syllables)) if s != pron.primary_stress_index]
        shifts.append(StressShift(u.utt, w, int(rng.choice(others)), float(rng.choice(RATES))))
        if len(shifts) == n:
            break
    return shifts


_WORKER: dict[str, Any] = {}


def _init() -> None:
    from phoneme_diff_service.corpus import CorpusScorer
    from tts_service.services.piper_engine import PiperEngine
    from tts_service.settings import TtsSettings
    from voicemesh.artifacts import ArtifactStore

    tts_settings = TtsSettings(threads=1)
    piper = PiperEngine(tts_settings, ArtifactStore(tts_settings.artifact_dir))
    piper.load()
    _WORKER["piper"], _WORKER["scorer"] = piper, CorpusScorer(threads=1)


def _rows(args: tuple[StressShift, CorpusUtterance]) -> list[dict[str, Any]]:
    """The pair's two rows (fewer when the word is not aligned or gets no stress row)."""
    from voicemesh.contracts.tts import TtsRequest, TtsWordIn

    shift, u = args
    scorer = _WORKER["scorer"]
    expected = corpus_pronunciations(u)
    out = []
    for wrong in (False, True):
        said = [list(p.phones) for p in expected]
        if wrong:
            said[shift.word] = shifted_phones(expected[shift.word], shift.syllable)
        request = TtsRequest(
            words=[TtsWordIn(text=w.text, phones=p) for w, p in zip(u.words, said, strict=True)],
            rate=shift.rate,
        )
        audio = _WORKER["piper"].render(request).audio.resampled(SAMPLE_RATE)
        row = scored_row(scorer, u, expected, shift.word, audio)
        if row is not None:
            out.append({"wrong": wrong, "row": row})
    return out


def scored_row(
    scorer: CorpusScorer,
    u: CorpusUtterance,
    expected: list[WordPronunciation],
    word: int,
    audio: Audio,
) -> dict[str, float] | None:
    """The stress-model input row of word ``word`` of ``u`` said in ``audio``, through the
    run-time path (PocketSphinx alignment, Assessor.stress_rows); None when the word is not
    aligned or gets no row."""
    alignment = scorer.align(u, audio)
    if not alignment.words[word].aligned:
        return None
    return scorer.assessor.stress_rows(word_specs(expected, alignment), alignment, audio).get(word)


def synthesise(workers: int = 2) -> None:
    """Render, align and score every planned pair not yet in :func:`rows_path`."""
    corpus = {u.utt: u for u in read_corpus(CORPUS)}
    SYNTH_CACHE.mkdir(parents=True, exist_ok=True)
    done = {r["utt"] for r in read_rows()}
    todo = [(s, corpus[s.utt]) for s in plan(list(corpus.values())) if s.utt not in done]
    with ProcessPoolExecutor(workers, initializer=_init) as pool, rows_path().open("a") as fh:
        scored = pool.map(_rows, todo, chunksize=4)
        for i, ((shift, _), rows) in enumerate(zip(todo, scored, strict=True)):
            for r in rows:
                fh.write(json.dumps({"utt": shift.utt, "shift": asdict(shift)} | r) + "\n")
            fh.flush()
            if i % 50 == 0:
                print(f"synthesised pair {i}/{len(todo)}", flush=True)


def read_rows(kind: str = "rows") -> Iterator[dict[str, Any]]:
    path = rows_path(kind)
    if path.is_file():
        for line in path.read_text().splitlines():
            yield json.loads(line)


def missing_pairs() -> int:
    """Planned pairs not yet synthesised for the shipped front-end models."""
    done = {r["utt"] for r in read_rows()}
    return sum(s.utt not in done for s in plan(read_corpus(CORPUS)))


@dataclass(frozen=True)
class SyntheticRows:
    rows: list[dict[str, float]]
    share: np.ndarray  # 1 = the shifted word, 0 = the same word said as the lexicon has it
    speakers: np.ndarray  # the source utterance's speaker (fold assignment)


def load_rows(kind: str = "rows") -> SyntheticRows:
    """The cached rows of pairs with both clips scored (a lone clip is dropped); ``kind`` as
    in :func:`rows_path`."""
    speaker = {utt: labels.speaker for utt, labels in read_labels().items()}
    by_utt: dict[str, list[dict[str, Any]]] = {}
    for r in read_rows(kind):
        by_utt.setdefault(r["utt"], []).append(r)
    pairs = [rs for rs in by_utt.values() if len(rs) == 2]
    return SyntheticRows(
        [accuracy_gated(r["row"]) for rs in pairs for r in rs],  # rows cached before it
        np.array([float(r["wrong"]) for rs in pairs for r in rs]),
        np.array([speaker[r["utt"]] for rs in pairs for r in rs]),
    )


if __name__ == "__main__":
    synthesise()
