"""One ``WS /converse/stream`` connection: audio in, events out (docs/api.md).

The client streams 16 kHz mono PCM16 (binary frames, or ``input_audio_buffer.append`` with
base64 audio). Server VAD endpoints each utterance; at ``speech_stopped`` a turn runs
(:class:`Conversation`, not waiting for the assessment) and its events stream back. Speech
while a reply is being made or played cancels it (barge-in). After a reply, ``follow_up_s``
of silence ends the dialog. In hands-free mode nothing is heard until the wake word; wake
detection is off during a dialog. All windows count audio time (samples received).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import random
import secrets
from typing import Any

import numpy as np
from fastapi import WebSocket, WebSocketDisconnect

from orchestrator_service.converse_settings import ConverseSettings
from orchestrator_service.services.converse.dialog import Dialog, Dialogs
from orchestrator_service.services.converse.turn import Conversation
from orchestrator_service.services.converse.vad import SAMPLE_RATE, Endpointer, VadEvent
from orchestrator_service.services.converse.wake import WakeDetector
from voicemesh.audio import Audio, encode_audio

log = logging.getLogger(__name__)
MAX_UTTERANCE_S = 30.0


class StreamSession:
    def __init__(
        self,
        ws: WebSocket,
        conversation: Conversation,
        dialogs: Dialogs,
        settings: ConverseSettings,
        *,
        mode: str,
        level: str | None,
        hands_free: bool,
    ) -> None:
        self.ws = ws
        self.conversation = conversation
        self.dialogs = dialogs
        self.settings = settings
        self.mode, self.level = mode, level
        self.endpointer = Endpointer(
            threshold=settings.vad_threshold,
            silence_s=settings.vad_silence_s,
            min_speech_s=settings.vad_min_speech_s,
        )
        self.wake = (
            WakeDetector(
                settings.wake_word,
                threshold=settings.wake_threshold,
                cooldown_s=settings.wake_cooldown_s,
            )
            if hands_free
            else None
        )
        self.dialog: Dialog | None = None
        self.response: asyncio.Task[None] | None = None
        self.response_id: str | None = None
        self.playback_end_s = 0.0  # audio time at which the client has played all reply audio
        self.follow_up_from: float | None = None
        self.partial: asyncio.Task[None] | None = None
        self.partial_at_s = 0.0  # utterance length at the last partial transcript
        self._send_lock = asyncio.Lock()

    async def send(self, kind: str, **data: Any) -> None:
        async with self._send_lock:
            await self.ws.send_text(json.dumps({"type": kind, **data}))

    async def run(self) -> None:
        await self.send(
            "session.created",
            session={
                "mode": self.mode,
                "level": self.level,
                "hands_free": self.wake is not None,
                "wake_word": self.settings.wake_word if self.wake else None,
                "input_audio_format": "pcm16",
                "sample_rate": SAMPLE_RATE,
                "silence_s": self.settings.vad_silence_s,
                "follow_up_s": self.settings.follow_up_s,
            },
        )
        try:
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message.get("bytes") is not None:
                    await self.on_audio(message["bytes"])
                elif message.get("text") is not None:
                    await self.on_event(message["text"])
        except WebSocketDisconnect:
            pass
        finally:
            if self.partial is not None:
                self.partial.cancel()
            await self._cancel_response()
            if self.dialog:
                self.dialogs.end(self.dialog)

    async def on_event(self, text: str) -> None:
        try:
            event = json.loads(text)
            kind = event["type"]
        except (json.JSONDecodeError, KeyError, TypeError):
            await self._error("invalid_event", "send JSON events with a `type`")
            return
        if kind == "input_audio_buffer.append":
            try:
                audio = base64.b64decode(event["audio"], validate=True)
            except (KeyError, ValueError, TypeError):
                await self._error("invalid_audio", "`audio` must be base64 PCM16")
                return
            await self.on_audio(audio)
        else:
            await self._error("unknown_event", f"unknown event type {kind!r}")

    async def on_audio(self, pcm16: bytes) -> None:
        if len(pcm16) % 2:
            await self._error("invalid_audio", "PCM16 frames have an even number of bytes")
            return
        if self.wake is not None and self.dialog is None:
            score = self.wake.feed(pcm16)
            self.endpointer.skip(pcm16)
            if score is not None:
                await self._on_wake(score)
            return
        for event in self.endpointer.feed(pcm16):
            await self._on_vad(event)
        self._maybe_partial()
        if self.endpointer.speaking and self.endpointer.utterance_s > MAX_UTTERANCE_S:
            self.endpointer.reset()
            await self._error("utterance_too_long", f"speech over {MAX_UTTERANCE_S:g} s dropped")
        await self._check_follow_up()

    async def _on_wake(self, score: float) -> None:
        now = self.endpointer.now_s
        await self.send(
            "wake_word.detected",
            word=self.settings.wake_word,
            score=round(score, 3),
            audio_ms=int(now * 1000),
        )
        self.dialog = self.dialogs.get_or_start(None, mode=self.mode, level=self.level)
        self.endpointer.reset()
        phrase = random.choice(self.settings.acknowledgements)
        audio = await self.conversation.speak(None, phrase, cache=True)
        if audio is not None:
            await self._send_audio("acknowledgement", phrase, audio)
        self.follow_up_from = max(now, self.playback_end_s)

    def _maybe_partial(self) -> None:
        every = self.settings.partial_transcript_s
        spoken = self.endpointer.utterance_s if self.endpointer.speaking else 0.0
        if not every or spoken - self.partial_at_s < every:
            return
        if self.partial is not None and not self.partial.done():
            return
        self.partial_at_s = spoken
        self.partial = asyncio.ensure_future(self._partial(self.endpointer.utterance_so_far()))

    async def _partial(self, pcm16: bytes) -> None:
        """``…transcription.delta`` with the transcript of the speech so far (not sent once
        the utterance has ended: the final transcript then follows)."""
        text = await self.conversation.transcribe(_wav_ref(self.conversation, pcm16))
        if text and self.endpointer.speaking:
            await self.send("conversation.item.input_audio_transcription.delta", delta=text)

    async def _on_vad(self, event: VadEvent) -> None:
        if event.kind == "speech_started":
            self.follow_up_from = None
            self.partial_at_s = 0.0
            await self.send("input_audio_buffer.speech_started", audio_start_ms=_ms(event.at_s))
            if self.response is not None and not self.response.done():
                await self._cancel_response()
            elif event.at_s < self.playback_end_s:
                self.playback_end_s = event.at_s
                await self.send("output_audio_buffer.cleared", reason="barge_in")
            return
        await self.send("input_audio_buffer.speech_stopped", audio_end_ms=_ms(event.at_s))
        if self.dialog is None:
            self.dialog = self.dialogs.get_or_start(None, mode=self.mode, level=self.level)
        self.response_id = f"resp_{secrets.token_hex(6)}"
        self.response = asyncio.ensure_future(self._respond(self.dialog, event.audio))

    async def _respond(self, dialog: Dialog, pcm16: bytes) -> None:
        response_id = self.response_id
        audio_ref = _wav_ref(self.conversation, pcm16)
        await self.send("response.created", response_id=response_id)

        async def emit(kind: str, data: dict[str, Any]) -> None:
            if kind == "transcript":
                await self.send(
                    "conversation.item.input_audio_transcription.completed",
                    transcript=data["transcript"],
                )
            elif kind == "text":
                await self.send("response.text.delta", response_id=response_id, delta=data["delta"])
            elif kind == "audio":
                await self._send_audio(response_id, data["text"], data["audio"])
            elif kind == "assessment":
                await self.send(
                    "conversation.item.assessment",
                    assessment=data["assessment"].model_dump(mode="json"),
                )

        result = await self.conversation.turn(
            dialog, audio_ref, emit=emit, wait_for_assessment=False
        )
        for error in result.errors:
            await self.send("error", error={"type": "stage_error", **error.model_dump()})
        await self.send(
            "response.done",
            response={
                "id": response_id,
                "status": "completed" if not result.errors else "failed",
                "dialog_id": result.dialog_id,
                "turn": result.turn,
                "output_text": result.reply_text,
                "first_audio_s": result.first_audio_s,
                "timings": [t.model_dump() for t in result.timings],
            },
        )
        self.follow_up_from = max(self.endpointer.now_s, self.playback_end_s)

    async def _send_audio(self, response_id: str | None, text: str, audio: Audio) -> None:
        start = max(self.endpointer.now_s, self.playback_end_s)
        self.playback_end_s = start + audio.duration_s
        await self.send(
            "response.audio.delta",
            response_id=response_id,
            delta=base64.b64encode(audio.pcm16()).decode(),
            sample_rate=audio.sample_rate,
            text=text,
        )

    async def _cancel_response(self) -> None:
        task, self.response = self.response, None
        if task is None or task.done():
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        self.playback_end_s = self.endpointer.now_s
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await self.send(
                "response.done",
                response={"id": self.response_id, "status": "cancelled", "reason": "barge_in"},
            )

    async def _check_follow_up(self) -> None:
        busy = self.response is not None and not self.response.done()
        if self.dialog is None or busy or self.endpointer.speaking:
            return
        if self.follow_up_from is None:
            return
        if self.endpointer.now_s - self.follow_up_from < self.settings.follow_up_s:
            return
        dialog, self.dialog, self.follow_up_from = self.dialog, None, None
        self.dialogs.end(dialog)
        await self.send("dialog.ended", dialog_id=dialog.id, turns=dialog.turn, reason="silence")
        self.endpointer.reset()
        if self.wake is not None:
            self.wake.reset()

    async def _error(self, code: str, message: str) -> None:
        await self.send(
            "error", error={"type": "invalid_request_error", "code": code, "message": message}
        )


def _wav_ref(conversation: Conversation, pcm16: bytes) -> str:
    samples = np.frombuffer(pcm16, dtype="<i2").astype(np.float32) / 32768.0
    return conversation.store.put(encode_audio(Audio(samples, SAMPLE_RATE)), "wav")


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
