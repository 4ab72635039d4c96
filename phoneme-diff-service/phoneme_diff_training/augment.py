"""Text-level data augmentation: training utterances in which one word's text is replaced by a
different corpus word, so the models see what a wholly wrong word looks like.

Why: speechocean762 has almost no wholly replaced words and its experts are lenient, so models
fitted on it alone rate a different word (the learner says PRODUCTIVE, the target is ELEPHANT)
as merely accented. The remedy is the standard one of mispronunciation detection: synthesise
errors by editing the canonical text of real recordings and label the edited part as wrong
(Fu et al., "A Full Text-Dependent End to End Mispronunciation Detection and Diagnosis with
Easy Data Augmentation Techniques", 2021; Korzekwa et al., "Weakly-supervised word-level
pronunciation error detection in non-native English speech", Interspeech 2021).

Per swap: a seeded choice of utterance and of one of its words with ≥ ``MIN_PHONES`` phones;
the replacement is a corpus word with a different text, a phone count within ±1, and at most
``len // 4`` base phones in common (multiset), so never a homophone nor a near neighbour. The
audio is re-aligned against the edited word list by the alignment-service's PocketSphinx
engine exactly as corpus_cache.py aligns the corpus (cached as AlignmentResponse JSON under
``var/phoneme-diff/augmented/alignments/``); features then come from the same
``features.extract`` path. Labels: the replaced word accuracy 0 (0–10) and its phones 0 (0–2);
every other word keeps its expert labels.
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from phoneme_diff_service.corpus import CorpusUtterance, CorpusWord, read_corpus
from phoneme_diff_training.corpus_cache import CACHE, CORPUS, UttLabels, WordLabels, align_to
from voicemesh.contracts.alignment import AlignmentResponse
from voicemesh_speech.phones import base_phone

N_SWAPS = 400  # augmented utterances (of 1,500 real ones)
SEED = 762
MIN_PHONES = 3  # replace content-length words, not "A" or "TO"
AUG_CACHE = CACHE / "augmented"
PLAN = AUG_CACHE / "swaps.json"


@dataclass(frozen=True)
class Swap:
    utt: str  # source utterance
    word: int  # index of the replaced word
    text: str  # replacement word
    phones: tuple[str, ...]  # its canonical corpus phones

    @property
    def key(self) -> str:
        return f"{self.utt}-w{self.word}"


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Base phones (stress digits dropped) the two words have in common, as multisets."""
    return sum((Counter(map(base_phone, a)) & Counter(map(base_phone, b))).values())


def is_distinct(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Similar length (±1 phone) and at most ⌊longer / 4⌋ base phones in common."""
    return abs(len(a) - len(b)) <= 1 and _shared(a, b) <= max(len(a), len(b)) // 4


def plan_swaps(corpus: list[CorpusUtterance], n: int = N_SWAPS, seed: int = SEED) -> list[Swap]:
    """``n`` swaps in distinct utterances, drawn with ``numpy.random.default_rng(seed)``."""
    vocab: dict[str, tuple[str, ...]] = {}
    for u in corpus:
        for w in u.words:
            vocab.setdefault(w.text, w.phones)
    texts = sorted(vocab)
    rng = np.random.default_rng(seed)
    swaps: list[Swap] = []
    for i in rng.permutation(len(corpus)):
        u = corpus[int(i)]
        targets = [w for w, word in enumerate(u.words) if len(word.phones) >= MIN_PHONES]
        if not targets:
            continue
        w = int(rng.choice(targets))
        old = u.words[w]
        candidates = [t for t in texts if t != old.text and is_distinct(old.phones, vocab[t])]
        if not candidates:
            continue
        text = str(rng.choice(candidates))
        swaps.append(Swap(u.utt, w, text, vocab[text]))
        if len(swaps) == n:
            break
    return swaps


def swapped_utterance(u: CorpusUtterance, swap: Swap) -> CorpusUtterance:
    words = list(u.words)
    words[swap.word] = CorpusWord(text=swap.text, phones=swap.phones)
    return CorpusUtterance(utt=swap.key, text=" ".join(w.text for w in words), words=tuple(words))


def swapped_labels(labels: UttLabels, swap: Swap) -> UttLabels:
    """The source labels with the replaced word wrong: accuracy 0, every phone 0. (Its stress
    label is kept but never used: the stress model is fitted on real utterances only.)"""
    words = list(labels.words)
    old = words[swap.word]
    words[swap.word] = WordLabels(
        phone_scores=[0.0] * len(swap.phones), accuracy=0.0, stress=old.stress
    )
    return replace(labels, words=words)


def load_swaps() -> list[tuple[Swap, CorpusUtterance]]:
    """The swap plan (written on first use, then read from ``swaps.json`` so a rerun reuses
    the cached alignments) with each swap's edited utterance."""
    corpus = {u.utt: u for u in read_corpus(CORPUS)}
    if PLAN.is_file():
        swaps = [
            Swap(s["utt"], s["word"], s["text"], tuple(s["phones"]))
            for s in json.loads(PLAN.read_text())
        ]
    else:
        swaps = plan_swaps(list(corpus.values()))
        PLAN.parent.mkdir(parents=True, exist_ok=True)
        PLAN.write_text(json.dumps([s.__dict__ for s in swaps], indent=0) + "\n")
    return [(s, swapped_utterance(corpus[s.utt], s)) for s in swaps]


def _align(args: tuple[str, CorpusUtterance]) -> str:
    source, edited = args
    align_to(edited, AUG_CACHE / "alignments" / f"{edited.utt}.json", source)
    return edited.utt


def align_swaps(workers: int = 2) -> None:
    """Align every edited utterance not yet cached (PocketSphinx, ``workers`` processes)."""
    from phoneme_diff_training.corpus_cache import _init

    (AUG_CACHE / "alignments").mkdir(parents=True, exist_ok=True)
    todo = [(s.utt, e) for s, e in load_swaps()]
    with ProcessPoolExecutor(workers, initializer=_init) as pool:
        for i, _ in enumerate(pool.map(_align, todo, chunksize=4)):
            if i % 100 == 0:
                print(f"aligned swap {i}/{len(todo)}", flush=True)


def swap_alignment(key: str) -> AlignmentResponse:
    path = AUG_CACHE / "alignments" / f"{key}.json"
    return AlignmentResponse.model_validate_json(path.read_text())


if __name__ == "__main__":
    align_swaps()
