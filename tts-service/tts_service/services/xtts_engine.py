"""GPU engine: XTTS v2 through coqui-tts (``TTS.api``), 24 kHz.

Casanova et al., "XTTS: a Massively Multilingual Zero-Shot Text-to-Speech Model" (2024).
Weights: Coqui Public Model License (CPML, non-commercial); coqui-tts downloads them on first
load and asks for the licence unless ``COQUI_TOS_AGREED=1`` is set (the GPU image sets it;
setting it means you accept the CPML). This module is imported only when ``TTS_ENGINE=xtts``.

XTTS takes text only: ``words`` are said from their text (their phones and stress cannot be
forced), there are no word times, and ``emphasize_word`` is refused (422).
"""

from __future__ import annotations

import logging
import os

import numpy as np

from tts_service.settings import TtsSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.errors import EngineNotReady, InvalidRequest

log = logging.getLogger("tts_service.xtts")

LANGUAGE = "en"


class XttsEngine:
    blocking = True

    def __init__(self, settings: TtsSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        self.info = EngineInfo(
            name="xtts", model=settings.xtts_model.rsplit("/", 1)[-1], device=settings.xtts_device
        )
        self._tts: object | None = None

    def load(self) -> None:
        """Load XTTS v2 on ``TTS_XTTS_DEVICE`` and say one sentence. Raises RuntimeError when the
        CPML has not been accepted (it would otherwise wait for an answer on stdin)."""
        if os.environ.get("COQUI_TOS_AGREED") != "1":
            raise RuntimeError("XTTS v2 is CPML-licensed: set COQUI_TOS_AGREED=1 to accept it")
        from TTS.api import TTS

        self._tts = TTS(self.settings.xtts_model, progress_bar=False).to(self.settings.xtts_device)
        self._say("Hello world.", 1.0)

    def process(self, request: TtsRequest) -> TtsResponse:
        if request.emphasize_word is not None:
            raise InvalidRequest("emphasize_word needs word timings: use TTS_ENGINE=piper")
        text = request.text if not request.words else " ".join(w.text for w in request.words)
        if not text or not text.strip():
            raise InvalidRequest("the text has no words to say")
        audio = self._say(text, request.rate)
        artifact = self.store.put_audio(audio, request.format)
        return TtsResponse(audio=artifact, words=[], engine=self.info)

    def _say(self, text: str, rate: float) -> Audio:
        tts = self._tts
        if tts is None:
            raise EngineNotReady("XTTS is not loaded yet")
        speaker_wav = (
            str(self.settings.xtts_speaker_wav) if self.settings.xtts_speaker_wav else None
        )
        wav = tts.tts(  # type: ignore[attr-defined]
            text=text,
            language=LANGUAGE,
            speaker=None if speaker_wav else self.settings.xtts_speaker,
            speaker_wav=speaker_wav,
            speed=rate,
        )
        sample_rate = int(tts.synthesizer.output_sample_rate)  # type: ignore[attr-defined]
        samples = np.clip(np.asarray(wav, dtype=np.float32), -1.0, 1.0)
        return Audio(samples, sample_rate)
