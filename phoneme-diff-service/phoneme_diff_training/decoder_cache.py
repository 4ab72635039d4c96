"""The Whisper decoder's word log-likelihoods (phoneme_diff_service/whisper_decoder.py) of every
training utterance, real and augmented, cached in ``var/phoneme-diff/whisper_decoder.pkl``
(git-ignored; delete it after changing the decoder scoring). They depend on the audio and the
target text only, not on any label, so one value per word serves every fold. An augmented copy
is scored with its edited text against its source clip, as the service would score a learner
who said another word.

    python -m phoneme_diff_training.decoder_cache   # ≈ 4 min on one core (train.py calls it)
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Sequence
from pathlib import Path

from phoneme_diff_service.features import aligned_phone_list
from phoneme_diff_service.settings import PhonemeDiffSettings
from phoneme_diff_service.whisper_decoder import WhisperWordScorer, WordLikelihoods
from phoneme_diff_service.whisper_features import WhisperEncoder, clip_frames
from phoneme_diff_training.corpus_cache import CACHE, load_audio
from phoneme_diff_training.items import Item

DECODER_CACHE = CACHE / "whisper_decoder.pkl"


def word_likelihoods(
    items: Sequence[Item], cache: Path = DECODER_CACHE
) -> dict[str, WordLikelihoods]:
    """Per item id (``Item.utt``), its words' likelihoods; computed for the items missing from
    ``cache`` (then saved), exactly as the assessor does at run time."""
    known: dict[str, WordLikelihoods] = {}
    if cache.is_file():
        with cache.open("rb") as fh:
            known = pickle.load(fh)
    todo = [it for it in items if it.utt not in known]
    if todo:
        encoder = WhisperEncoder.bundled(PhonemeDiffSettings().model_cache, threads=1)
        scorer = WhisperWordScorer(encoder)
        started = time.perf_counter()
        for i, it in enumerate(todo):
            alignment = it.alignment()
            phones = aligned_phone_list(it.specs, alignment)
            frames = clip_frames(encoder, load_audio(it.audio_utt), phones)
            texts = [spec.text for spec in it.specs]
            known[it.utt] = scorer.score_aligned(frames, texts, alignment)
            if i % 300 == 0:
                print(f"decoder {i}/{len(todo)} {time.perf_counter() - started:.0f}s", flush=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(known, fh)
        tmp.replace(cache)
    return {it.utt: known[it.utt] for it in items}


def main() -> None:
    from phoneme_diff_training.train import build, build_augmented

    real, durations = build(refresh=False)
    word_likelihoods(real + build_augmented(durations, refresh=False))


if __name__ == "__main__":
    main()
