"""``voicemesh score-corpus``: score a folder of recordings in the speechocean762 layout with the
same alignment and diff code as the services (their Python APIs, no HTTP).

Input: ``DIR/scores.json`` (``{utt: {"text", "words": [{"text", "phones"}, ...]}}``) and
``DIR/audio/<utt>.flac`` or ``.wav``. Only each utterance's ``text`` and each word's ``text``
and ``phones`` (canonical ARPAbet to align against) are read: :class:`CorpusWord` and
:class:`CorpusUtterance` have no other fields, so no expert score can reach the scorer.

Output: one JSON line per utterance, in the order of scores.json::

    {"utt": id, "words": [{"text", "accuracy", "stress_score", "stress_error",
                           "phones": [{"phone", "score", "status"}]}]}

An utterance that cannot be aligned (or whose audio cannot be read) still gets a line, with
every word an Omission at low scores.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from phoneme_diff_service.lexical import corpus_pronunciation
from voicemesh.audio import Audio, AudioLimits, decode_audio
from voicemesh.contracts.alignment import AlignedWord, AlignmentResponse, AlignmentWordIn
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import WordPronunciation
from voicemesh.errors import VoiceMeshError

log = logging.getLogger("phoneme_diff_service.corpus")
AUDIO_EXTENSIONS = (".flac", ".wav")
CORPUS_AUDIO_LIMITS = AudioLimits(max_bytes=64 * 1024 * 1024, max_duration_s=120.0)


@dataclass(frozen=True)
class CorpusWord:
    text: str
    phones: tuple[str, ...]


@dataclass(frozen=True)
class CorpusUtterance:
    utt: str
    text: str
    words: tuple[CorpusWord, ...]


def read_corpus(directory: Path) -> list[CorpusUtterance]:
    """Parse ``scores.json`` keeping only the text and canonical phones (no scores).
    Raises FileNotFoundError / ValueError for a missing or malformed file."""
    raw: dict[str, Any] = json.loads((directory / "scores.json").read_text())
    out = []
    for utt, entry in raw.items():
        words = tuple(
            CorpusWord(text=str(w["text"]), phones=tuple(str(p) for p in w["phones"]))
            for w in entry["words"]
        )
        out.append(CorpusUtterance(utt=str(utt), text=str(entry["text"]), words=words))
    return out


def audio_path(directory: Path, utt: str) -> Path:
    """``DIR/audio/<utt>.flac`` or ``.wav``; FileNotFoundError when neither exists."""
    for ext in AUDIO_EXTENSIONS:
        path = directory / "audio" / f"{utt}{ext}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no audio/{utt}.flac or .wav in {directory}")


def corpus_pronunciations(utterance: CorpusUtterance) -> list[WordPronunciation]:
    """phoneme-map's view of the canonical corpus phones (see lexical.py)."""
    texts = [w.text for w in utterance.words]
    return [
        corpus_pronunciation(
            w.text,
            list(w.phones),
            next_word=texts[i + 1] if i + 1 < len(texts) else None,
            clause_final=i + 1 == len(texts),
        )
        for i, w in enumerate(utterance.words)
    ]


class CorpusScorer:
    """One alignment engine and one assessor, loaded once per process."""

    def __init__(self, threads: int = 1) -> None:
        from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
        from alignment_service.settings import AlignmentSettings
        from phoneme_diff_service.assessor import Assessor
        from phoneme_diff_service.settings import PhonemeDiffSettings
        from voicemesh.artifacts import ArtifactStore

        align_settings = AlignmentSettings(threads=threads)
        self.aligner = PocketSphinxEngine(
            align_settings, ArtifactStore(align_settings.artifact_dir)
        )
        self.aligner.load()
        self.assessor = Assessor.load(PhonemeDiffSettings(), threads)
        self.info = EngineInfo(name="gop-prosody", model="score-corpus", device="cpu")

    def align(self, utterance: CorpusUtterance, audio: Audio) -> AlignmentResponse:
        words = [AlignmentWordIn(text=w.text, phones=list(w.phones)) for w in utterance.words]
        return self.aligner.align(audio, words, substitutions=None, textgrid=False)

    def score(self, utterance: CorpusUtterance, audio: Audio | None) -> PhonemeDiffResponse:
        expected = corpus_pronunciations(utterance)
        if audio is None:
            alignment = failed_alignment(utterance, self.info)
            audio = Audio(np.zeros(1600, dtype=np.float32), 16000)
        else:
            alignment = self.align(utterance, audio)
        return self.assessor.assess(expected, alignment, audio, self.info)


def failed_alignment(utterance: CorpusUtterance, info: EngineInfo) -> AlignmentResponse:
    """What an unreadable recording aligns to: every word unplaced."""
    return AlignmentResponse(
        status="failed",
        words=[
            AlignedWord(text=w.text, start=None, end=None, aligned=False, phones=[])
            for w in utterance.words
        ],
        unaligned_words=list(range(len(utterance.words))),
        duration_s=0.0,
        message="audio unreadable",
        engine=info,
    )


def result_line(utterance: CorpusUtterance, response: PhonemeDiffResponse) -> dict[str, Any]:
    """The output line; phones are named as in scores.json (the corpus' own stress digits)."""
    return {
        "utt": utterance.utt,
        "words": [
            {
                "text": word.text,
                "accuracy": w.accuracy,
                "stress_score": w.stress.score,
                "stress_error": w.stress.is_error,
                "phones": [
                    {"phone": phone, "score": p.score, "status": p.status}
                    for phone, p in zip(word.phones, w.phones, strict=True)
                ],
            }
            for word, w in zip(utterance.words, response.words, strict=True)
        ],
    }


def unscored_line(utterance: CorpusUtterance) -> dict[str, Any]:
    """The line of an utterance the engines could not take at all (e.g. a phone outside
    ARPAbet): every word omitted, every score 0, no stress error claimed."""
    return {
        "utt": utterance.utt,
        "words": [
            {
                "text": word.text,
                "accuracy": 0.0,
                "stress_score": 100.0,
                "stress_error": False,
                "phones": [{"phone": p, "score": 0.0, "status": "deleted"} for p in word.phones],
            }
            for word in utterance.words
        ],
    }


_SCORER: CorpusScorer | None = None


def _init_worker() -> None:
    """Load the scorer and hold every native thread pool of this worker to one thread.

    The workers already use every core between them. Left alone, numpy's OpenBLAS (loaded
    with this module, so before any environment variable set here could reach it) runs
    one thread per core and its idle threads spin: 0.8 CPU-s per utterance instead of 0.6
    at the same single-worker wall time, and 0.44 s instead of 0.36 s per utterance with 2
    workers on 2 cores (docs/evaluation.md, Time)."""
    global _SCORER
    _SCORER = CorpusScorer(threads=1)
    threadpool_limits(limits=1)  # applied at once, for the process's life


def _load_audio(path: Path) -> Audio | None:
    try:
        return decode_audio(path.read_bytes(), CORPUS_AUDIO_LIMITS)
    except (OSError, VoiceMeshError) as exc:
        log.warning("unreadable audio %s: %s", path, exc)
        return None


def _score_one(args: tuple[Path, CorpusUtterance]) -> dict[str, Any]:
    directory, utterance = args
    assert _SCORER is not None
    try:
        path = audio_path(directory, utterance.utt)
    except FileNotFoundError:
        log.warning("no audio for %s", utterance.utt)
        audio = None
    else:
        audio = _load_audio(path)
    try:
        return result_line(utterance, _SCORER.score(utterance, audio))
    except (VoiceMeshError, ValueError) as exc:
        log.warning("could not score %s: %s", utterance.utt, exc)
        return unscored_line(utterance)


def iter_scores(directory: Path, workers: int = 2) -> Iterator[dict[str, Any]]:
    """Result lines in corpus order, computed by ``workers`` processes.

    Workers are spawned, not forked: a fork of a process whose LightGBM (OpenMP),
    CTranslate2 or onnxruntime thread pools have run can deadlock in the child (libgomp does
    not survive fork), which is the case when the caller has already assessed audio."""
    utterances = read_corpus(directory)
    tasks = [(directory, u) for u in utterances]
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=max(1, workers), mp_context=spawn, initializer=_init_worker
    ) as pool:
        yield from pool.map(_score_one, tasks, chunksize=4)


def run(directory: Path, out: Path, workers: int = 2) -> int:
    """Score every utterance of ``directory`` into ``out`` (JSON lines) and print a summary to
    stderr. Returns the exit status: 0 done, 2 when ``directory/scores.json`` is missing or
    unreadable."""
    directory = Path(directory)
    if not (directory / "scores.json").is_file():
        print(f"no scores.json in {directory}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    count = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w") as fh:
        for line in iter_scores(directory, workers):
            fh.write(json.dumps(line) + "\n")
            count += 1
    elapsed = time.perf_counter() - started
    print(
        f"scored {count} utterances in {elapsed:.1f} s "
        f"({elapsed / max(count, 1):.3f} s each, {workers} workers) → {out}",
        file=sys.stderr,
    )
    return 0
