"""Embedded default engine: Piper 1.8 with the en_US-joe-medium voice, CPU, offline.

Input is plain text (phonemized by espeak-ng inside Piper) or words with ARPAbet phones,
which are said exactly as given, dictionary stress included (see ``piper_phonemes``).
``rate`` sets Piper's length_scale (1 / rate: 0.75 → 1.33× longer); ``emphasize_word`` makes
that word's phonemes last ``TTS_EMPHASIS_LENGTH_SCALE`` times longer inside the same sentence
(see ``piper_model``) and ``TTS_EMPHASIS_GAIN_DB`` louder. Word times come from the model's own
durations (exact to one 256-sample frame, 11.6 ms at 22.05 kHz).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tts_service.services.emphasis import boost_span
from tts_service.services.piper_model import PiperModel, bundled_voice
from tts_service.services.utterance import Sentence, plan_text, plan_words
from tts_service.settings import TtsSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.tts import TtsRequest, TtsResponse, TtsWordTiming
from voicemesh.errors import EngineNotReady, InvalidRequest

log = logging.getLogger("tts_service.piper")

WARMUP_TEXT = "Hello world."


@dataclass(frozen=True)
class TimedPhone:
    phone: str
    start: float
    end: float


@dataclass
class TimedWord:
    """A word said, with times in seconds; ``phones`` only for ``words`` input (ARPAbet)."""

    index: int
    text: str
    start: float
    end: float
    phones: list[TimedPhone] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    audio: Audio
    words: list[TimedWord]


class PiperEngine:
    blocking = True

    def __init__(self, settings: TtsSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        if settings.piper_model is not None:
            self.model_path = settings.piper_model
            self.config_path = Path(f"{settings.piper_model}.json")
        else:
            self.model_path, self.config_path = bundled_voice()
        self.info = EngineInfo(
            name="piper", model=self.model_path.name.removesuffix(".onnx"), device="cpu"
        )
        self._model: PiperModel | None = None

    def load(self) -> None:
        """Load the voice with ``settings.threads`` onnxruntime threads and say one sentence."""
        self._model = PiperModel(self.model_path, self.config_path, threads=self.settings.threads)
        self.render(TtsRequest(text=WARMUP_TEXT))

    @property
    def model(self) -> PiperModel:
        if self._model is None:
            raise EngineNotReady("the Piper voice is not loaded yet")
        return self._model

    def process(self, request: TtsRequest) -> TtsResponse:
        rendered = self.render(request)
        artifact = self.store.put_audio(rendered.audio, request.format)
        words = [
            TtsWordTiming(text=w.text, start=round(w.start, 3), end=round(w.end, 3))
            for w in rendered.words
        ]
        return TtsResponse(audio=artifact, words=words, engine=self.info)

    def render(self, request: TtsRequest) -> Rendered:
        """Synthesize ``request`` to 22.05 kHz audio with per-word (and per-phone) times.

        Raises InvalidRequest (422) for a phone that is not ARPAbet, text with nothing to say,
        or ``emphasize_word`` past the last word.
        """
        sentences = self._plan(request)
        spoken = [w.index for s in sentences for w in s.words]
        target = request.emphasize_word
        if target is not None and target not in spoken:
            raise InvalidRequest(
                f"emphasize_word {target} is not a word of the input "
                f"(words are numbered 0 to {max(spoken)})"
            )
        sr = self.model.sample_rate
        chunks: list[np.ndarray] = []
        words: list[TimedWord] = []
        emphasis: tuple[int, int] | None = None
        offset = 0
        for sentence in sentences:
            synth = self.model.synthesize(
                sentence.symbols,
                length_scale=1.0 / request.rate,
                symbol_scales=self._emphasis_scales(sentence, target),
            )
            for w in sentence.words:
                start = offset + synth.symbol_bounds[w.start][0]
                end = offset + synth.symbol_bounds[w.end - 1][1]
                phones = [
                    TimedPhone(
                        p.phone,
                        (offset + synth.symbol_bounds[p.start][0]) / sr,
                        (offset + synth.symbol_bounds[p.end - 1][1]) / sr,
                    )
                    for p in w.phones
                ]
                words.append(TimedWord(w.index, w.text, start / sr, end / sr, phones))
                if w.index == target:
                    emphasis = (start, end)
            chunks.append(synth.samples)
            offset += len(synth.samples)
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        if emphasis is not None:
            samples = boost_span(samples, *emphasis, sr, self.settings.emphasis_gain_db)
        return Rendered(Audio(samples.astype(np.float32), sr), words)

    def _plan(self, request: TtsRequest) -> list[Sentence]:
        if request.words:
            try:
                sentences = plan_words(request.words)
            except ValueError as exc:
                raise InvalidRequest(str(exc)) from None
        else:
            sentences = plan_text(request.text or "", self.model.phonemize)
        if not sentences:
            raise InvalidRequest("the text has no words to say")
        return sentences

    def _emphasis_scales(self, sentence: Sentence, target: int | None) -> list[float] | None:
        word = next((w for w in sentence.words if w.index == target), None)
        if word is None:
            return None
        scales = [1.0] * len(sentence.symbols)
        for i in range(word.start, word.end):
            scales[i] = self.settings.emphasis_length_scale
        return scales
