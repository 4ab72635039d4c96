"""Training data: the speechocean762 labels and cached alignments of every utterance.

Alignments come from the alignment-service's PocketSphinx engine (its Python API, default L2
substitution list, as the services run it) and are cached as AlignmentResponse JSON under
``var/phoneme-diff/alignments/`` (git-ignored) so model iterations do not re-align.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from phoneme_diff_service.corpus import (
    CORPUS_AUDIO_LIMITS,
    CorpusUtterance,
    audio_path,
    read_corpus,
)
from voicemesh.audio import Audio, decode_audio
from voicemesh.contracts.alignment import AlignmentResponse, AlignmentWordIn
from voicemesh.paths import repo_root

CORPUS = Path(os.environ.get("SO762_DIR", repo_root().parent / "shared/data/speechocean762-train"))
CACHE = repo_root() / "var" / "phoneme-diff"


@dataclass(frozen=True)
class WordLabels:
    phone_scores: list[float]  # 0–2 per canonical phone
    accuracy: float  # 0–10
    stress: float  # 10 right (or one syllable), 5 wrong


@dataclass(frozen=True)
class UttLabels:
    speaker: str
    words: list[WordLabels]


def read_labels(directory: Path = CORPUS) -> dict[str, UttLabels]:
    raw: dict[str, Any] = json.loads((directory / "scores.json").read_text())
    return {
        utt: UttLabels(
            speaker=str(entry["speaker"]),
            words=[
                WordLabels(
                    phone_scores=[float(s) for s in w["phones-accuracy"]],
                    accuracy=float(w["accuracy"]),
                    stress=float(w["stress"]),
                )
                for w in entry["words"]
            ],
        )
        for utt, entry in raw.items()
    }


def expert_stress_shares(directory: Path = CORPUS) -> dict[str, list[float]]:
    """Per utterance, per word: the share of the five experts whose stress mark is below 10
    (they found the stress wrong), 0–1. The corpus' ``stress`` field is their median."""
    raw: dict[str, Any] = json.loads((directory / "scores.json").read_text())
    return {
        utt: [
            float(np.mean([mark < 10 for mark in w["experts"]["stress"]])) for w in entry["words"]
        ]
        for utt, entry in raw.items()
    }


_ENGINE: Any = None


def _init() -> None:
    global _ENGINE
    from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
    from alignment_service.settings import AlignmentSettings
    from voicemesh.artifacts import ArtifactStore

    settings = AlignmentSettings(threads=1)
    _ENGINE = PocketSphinxEngine(settings, ArtifactStore(settings.artifact_dir))
    _ENGINE.load()


def load_audio(utt: str, directory: Path = CORPUS) -> Audio:
    return decode_audio(audio_path(directory, utt).read_bytes(), CORPUS_AUDIO_LIMITS)


def align_to(u: CorpusUtterance, target: Path, audio_utt: str | None = None) -> None:
    """Align ``u``'s words against the audio of ``audio_utt`` (default ``u.utt``) with the
    worker's engine and write the AlignmentResponse JSON to ``target``, unless it exists.
    (augment.py aligns edited word lists against their source clip through this.)"""
    if target.is_file():
        return
    words = [AlignmentWordIn(text=w.text, phones=list(w.phones)) for w in u.words]
    audio = load_audio(audio_utt or u.utt)
    response = _ENGINE.align(audio, words, substitutions=None, textgrid=False)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(response.model_dump_json())
    tmp.replace(target)


def _align(u: CorpusUtterance) -> str:
    align_to(u, CACHE / "alignments" / f"{u.utt}.json")
    return u.utt


def align_all(workers: int = 2) -> None:
    (CACHE / "alignments").mkdir(parents=True, exist_ok=True)
    utterances = read_corpus(CORPUS)
    with ProcessPoolExecutor(workers, initializer=_init) as pool:
        for i, _ in enumerate(pool.map(_align, utterances, chunksize=8)):
            if i % 100 == 0:
                print(f"aligned {i}/{len(utterances)}", flush=True)


def cached_alignment(utt: str) -> AlignmentResponse:
    return AlignmentResponse.model_validate_json((CACHE / "alignments" / f"{utt}.json").read_text())


if __name__ == "__main__":
    align_all()
