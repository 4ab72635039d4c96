"""One training utterance (real, or an augmented copy) with its features and labels; its own
module so the pickled feature caches load from any training module."""

from __future__ import annotations

from dataclasses import dataclass

from phoneme_diff_service.expected import WordSpec
from phoneme_diff_service.features import UtteranceFeatures
from phoneme_diff_training.augment import swap_alignment
from phoneme_diff_training.corpus_cache import UttLabels, cached_alignment
from voicemesh.contracts.alignment import AlignmentResponse


@dataclass
class Item:
    utt: str  # utterance id; "<source>-w<word>" for an augmented copy (augment.py)
    speaker: str
    specs: list[WordSpec]
    feats: UtteranceFeatures
    labels: UttLabels
    source: str = ""  # an augmented copy's real utterance (its audio); "" for a real one

    @property
    def augmented(self) -> bool:
        return bool(self.source)

    @property
    def audio_utt(self) -> str:
        return self.source or self.utt

    def alignment(self) -> AlignmentResponse:
        return swap_alignment(self.utt) if self.source else cached_alignment(self.utt)
