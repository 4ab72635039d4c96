"""Wake-word detection for hands-free mode: openWakeWord's pre-trained models (alexa,
hey_jarvis, hey_mycroft, okay_nabu; Apache-2.0) run on the TFLite runtime that
pyopen-wakeword ships in its wheel.

openWakeWord scores every 80 ms of audio; a wake event is the first score at or above
``threshold`` (0.6 by default, the assistant design's value) outside the ``cooldown_s`` after
the previous event (1 s), counted in audio time. The caller switches detection off during a
dialog and :meth:`reset`s it after.
"""

from __future__ import annotations

from pyopen_wakeword import Model, OpenWakeWord, OpenWakeWordFeatures

SAMPLE_RATE = 16_000


class WakeDetector:
    def __init__(self, word: str, *, threshold: float, cooldown_s: float) -> None:
        self.word = word
        self.model = OpenWakeWord.from_builtin(Model(word))
        self.features = OpenWakeWordFeatures.from_builtin()
        self.threshold = threshold
        self.cooldown_s = cooldown_s
        self.samples = 0
        self._last_s: float | None = None

    def feed(self, pcm16: bytes) -> float | None:
        """Add 16 kHz PCM16 audio; the score (0–1) of a wake event it completed, else None."""
        self.samples += len(pcm16) // 2
        now = self.samples / SAMPLE_RATE
        hit: float | None = None
        for embedding in self.features.process_streaming(pcm16):
            for score in self.model.process_streaming(embedding):
                cooling = self._last_s is not None and now - self._last_s < self.cooldown_s
                if score >= self.threshold and not cooling and hit is None:
                    hit, self._last_s = score, now
        return hit

    def reset(self) -> None:
        """Clear the audio history (after a dialog); the cooldown clock keeps running."""
        self.model.reset()
        self.features.reset()
