"""Pool the Whisper encoder vectors of every utterance as soon as corpus_cache.py has aligned
it (per-utterance cache of phone_classifier.utterance_pooled), so train.py finds them ready.
Stops when every utterance of the corpus is pooled.

    python -m phoneme_diff_training.prefetch
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from phoneme_diff_service.assessor import word_specs
from phoneme_diff_service.corpus import corpus_pronunciations, read_corpus
from phoneme_diff_service.expected import WordSpec
from phoneme_diff_service.settings import PhonemeDiffSettings
from phoneme_diff_service.whisper_features import WhisperEncoder
from phoneme_diff_training.corpus_cache import CACHE, CORPUS, cached_alignment
from phoneme_diff_training.phone_classifier import POOLED_CACHE, utterance_pooled
from voicemesh.contracts.alignment import AlignmentResponse

POLL_S = 20.0


@dataclass
class _Aligned:
    utt: str
    specs: list[WordSpec]

    @property
    def audio_utt(self) -> str:
        return self.utt

    def alignment(self) -> AlignmentResponse:
        return cached_alignment(self.utt)


def main() -> None:
    encoder = WhisperEncoder.bundled(PhonemeDiffSettings().model_cache, threads=1)
    folder = POOLED_CACHE.parent / f"{POOLED_CACHE.stem}_utt"
    todo = {u.utt: u for u in read_corpus(CORPUS)}
    while todo:
        ready = [u for u in todo.values() if (CACHE / "alignments" / f"{u.utt}.json").is_file()]
        for u in ready:
            specs = word_specs(corpus_pronunciations(u), cached_alignment(u.utt))
            utterance_pooled(encoder, _Aligned(u.utt, specs), folder)
            del todo[u.utt]
        print(f"pooled {len(ready)}, {len(todo)} left", flush=True)
        if todo:
            time.sleep(POLL_S)


if __name__ == "__main__":
    main()
