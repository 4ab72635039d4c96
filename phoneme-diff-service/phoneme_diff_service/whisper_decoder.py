"""Word intelligibility from the Whisper base decoder: how likely the target words are, given
the learner's audio, when Whisper is made to read them (teacher forcing).

Method (issue #19): the decoder of the same Whisper base model whose encoder output the phone
evidence pools (whisper_features.py) is run on the target text, token by token, after the
start-of-transcript prompt (``<|startoftranscript|><|en|><|transcribe|><|notimestamps|>``);
CTranslate2's ``Whisper.align`` returns the probability of each text token given the audio and
the target tokens before it (the per-word probability faster-whisper reports). A word's
log-likelihood is the sum over its BPE tokens (natural log). The decoder is also a language
model, so rare words, names and numbers written as words are unlikely whatever the audio; the
same text scored against the encoder output of silence gives that prior, and the difference —
a log-likelihood ratio, in nats — is what the audio adds (the normalisation GOP applies to
acoustic likelihoods, Witt & Young 2000). A word said as another word, or not recognisably,
gets a low ratio. The phone and word models read these per-word values
(:func:`phoneme_diff_service.features.decoder_columns`).

The target text is given to the decoder in sentence case (first word capitalised, the rest in
lower case), whatever the request's casing, so the scores do not depend on it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import ctranslate2
import numpy as np
import tokenizers
from faster_whisper.tokenizer import Tokenizer

from phoneme_diff_service.whisper_features import FRAME_S, SAMPLE_RATE, WhisperEncoder
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignmentResponse

WINDOW_FRAMES = 1500  # encoder frames in Whisper's 30 s window (what the decoder attends to)
PRIOR_SILENCE_S = 3.0  # the silent clip whose encoder output gives the decoder's text prior
PRIOR_CACHE_TEXTS = 256  # texts whose prior is kept (one float per word)
_MIN_P = 1e-12  # floor on token probabilities before the log (CTranslate2 can return 0.0)


@dataclass(frozen=True)
class WordLikelihoods:
    """Per target word (request order), natural-log values: ``log_p`` log P(word's tokens |
    audio, previous words), ``first`` log P(its first token | …), ``prior`` ``log_p`` against
    silence; ``tokens`` the number of BPE tokens. Arrays of equal length."""

    log_p: np.ndarray
    first: np.ndarray
    prior: np.ndarray
    tokens: np.ndarray

    @property
    def ratio(self) -> np.ndarray:
        """log_p − prior (nats): what the audio adds to the decoder's prior of each word."""
        return self.log_p - self.prior

    @classmethod
    def missing(cls, n_words: int) -> WordLikelihoods:
        nan = np.full(n_words, np.nan)
        return cls(nan, nan.copy(), nan.copy(), np.ones(n_words))


def decoder_text(words: list[str]) -> list[str]:
    """The words as the decoder reads them: sentence case (``["WE", "CALL"]`` → ``["We",
    "call"]``)."""
    lowered = [w.lower() for w in words]
    if lowered:
        lowered[0] = lowered[0][:1].upper() + lowered[0][1:]
    return lowered


class WhisperWordScorer:
    """Teacher-forced word log-likelihoods from the encoder's own Whisper model. Thread-safe
    (CTranslate2 queues concurrent calls)."""

    def __init__(self, encoder: WhisperEncoder) -> None:
        """Raises OSError / Exception (tokenizers) when the model folder has no tokenizer.json."""
        self._model = encoder.model
        hf = tokenizers.Tokenizer.from_file(str(encoder.model_dir / "tokenizer.json"))
        self._tokenizer = Tokenizer(hf, True, task="transcribe", language="en")
        self._prompt = [*self._tokenizer.sot_sequence, self._tokenizer.no_timestamps]
        silence = Audio(np.zeros(int(PRIOR_SILENCE_S * SAMPLE_RATE), np.float32), SAMPLE_RATE)
        self._silence = encoder.encode(silence)
        # the prior depends on the text alone, and learners repeat their sentences
        self._prior = functools.lru_cache(maxsize=PRIOR_CACHE_TEXTS)(self._prior_of)

    def score(
        self, frames: np.ndarray, words: list[str], starts_s: list[float | None]
    ) -> WordLikelihoods:
        """Word log-likelihoods of ``words`` given encoder ``frames`` (T, 512) from
        :meth:`WhisperEncoder.encode`; ``starts_s`` each word's aligned start (s; None when
        unaligned), which puts a word in its 30 s encoder window in clips longer than one
        (an unaligned word joins the window of the word before it). Context for a word is the
        target words before it in its window."""
        windows = word_windows(starts_s, len(frames))
        text = decoder_text(words)
        ids = [self._tokenizer.encode(" " + w) for w in text]
        log_p, first = np.full(len(words), np.nan), np.full(len(words), np.nan)
        for window in sorted(set(windows)):
            members = [i for i, w in enumerate(windows) if w == window]
            segment = frames[window * WINDOW_FRAMES : (window + 1) * WINDOW_FRAMES]
            log_p[members], first[members] = self._word_log_probs(
                segment, [ids[i] for i in members]
            )
        prior = self._prior(tuple(tuple(word) for word in ids))
        return WordLikelihoods(log_p, first, prior, np.array([len(t) for t in ids], dtype=float))

    def score_aligned(
        self, frames: np.ndarray | None, words: list[str], alignment: AlignmentResponse
    ) -> WordLikelihoods:
        """:meth:`score` with the word starts of ``alignment`` (its words line up with
        ``words``); all NaN when ``frames`` is None (no phone aligned, the encoder not run)."""
        if frames is None:
            return WordLikelihoods.missing(len(words))
        starts = [w.start if w.aligned else None for w in alignment.words]
        return self.score(frames, words, starts)

    def _prior_of(self, ids: tuple[tuple[int, ...], ...]) -> np.ndarray:
        """Word log-likelihoods of the tokenised text against silence (read-only: cached)."""
        log_p, _ = self._word_log_probs(self._silence, [list(word) for word in ids])
        log_p.flags.writeable = False
        return log_p

    def _word_log_probs(
        self, frames: np.ndarray, ids: list[list[int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        flat = [t for word in ids for t in word]
        batch = ctranslate2.StorageView.from_array(np.ascontiguousarray(frames[None]))
        result = self._model.align(batch, self._prompt, [flat], [len(frames)])[0]
        lp = np.log(np.maximum(np.asarray(result.text_token_probs, dtype=float), _MIN_P))
        starts = np.cumsum([0] + [len(word) for word in ids[:-1]])
        return np.add.reduceat(lp, starts), lp[starts]


def word_windows(starts_s: list[float | None], n_frames: int) -> list[int]:
    """Each word's 30 s encoder window (0, 1, …) from its start (s; None: the window of the
    word before it, 0 for leading unaligned words), capped at the last window of
    ``n_frames`` encoder frames."""
    last = max(0, (n_frames - 1) // WINDOW_FRAMES)
    out, current = [], 0
    for start in starts_s:
        if start is not None:
            current = min(int(start / FRAME_S) // WINDOW_FRAMES, last)
        out.append(current)
    return out
