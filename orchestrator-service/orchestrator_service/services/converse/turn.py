"""One spoken turn: ASR → assessment → reply (tutor LLM, or the drill tutor) → TTS per phrase.

Events go to ``emit`` as they happen (the stream forwards them; ``POST /converse`` collects
them). Stage failures never end a turn without an answer: they become ``errors[]`` and a
canned spoken prompt ("Sorry, I didn't catch that." for ASR, "Sorry, I had a problem." for
the LLM). Cancelling the task running :meth:`Conversation.turn` (barge-in) stops it at once,
the LLM request included.

Correction timing: ``POST /converse`` waits for the assessment, so the tutor can weave a
correction of this very turn into its reply. The stream does not wait (the reply would start
≈ 0.5 s later): the assessment runs beside the LLM and its correction goes into the next
reply.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import numpy as np
import soundfile as sf

from orchestrator_service.services.converse import drill
from orchestrator_service.services.converse.correction import pick_correction
from orchestrator_service.services.converse.dialog import Dialog
from orchestrator_service.services.converse.phrases import PhraseSplitter
from orchestrator_service.services.converse.tutor import Tutor
from orchestrator_service.services.pipeline import Pipeline
from orchestrator_service.services.run import PipelineRun
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.asr import AsrRequest
from voicemesh.contracts.converse import ConverseResult, TurnAssessment
from voicemesh.contracts.orchestrator import StageError, StageTiming
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse
from voicemesh.contracts.tts import TtsRequest
from voicemesh.errors import VoiceMeshError
from voicemesh.mesh import ASR, TTS

log = logging.getLogger(__name__)
Emit = Callable[[str, dict[str, Any]], Awaitable[None]]
CANNED = {"asr": "Sorry, I didn't catch that.", "llm": "Sorry, I had a problem."}
PHRASE_GAP_S = 0.12  # silence between phrases in the joined reply WAV


async def _ignore(kind: str, data: dict[str, Any]) -> None:
    return None


class Conversation:
    def __init__(self, pipeline: Pipeline, tutor: Tutor, store: ArtifactStore) -> None:
        self.pipeline = pipeline
        self.tutor = tutor
        self.store = store
        self._cached: dict[str, Audio] = {}

    async def speak(
        self, run: PipelineRun | None, text: str, *, cache: bool = False
    ) -> Audio | None:
        """``text`` synthesised by tts-service; None when TTS failed (recorded on ``run``).
        ``cache`` keeps the audio of fixed phrases (prompts, acknowledgements, greeting)."""
        if text in self._cached:
            return self._cached[text]
        request = TtsRequest(text=text)
        if run is None:
            try:
                result = (await self.pipeline.clients.call(TTS, request)).value
            except VoiceMeshError:
                return None
        else:
            stage = await run.call(TTS, request)
            if stage is None:
                return None
            result = stage
        samples, rate = sf.read(str(self.store.path(result.audio.id)), dtype="float32")
        audio = Audio(np.asarray(samples, dtype=np.float32).reshape(-1), int(rate))
        if cache:
            self._cached[text] = audio
        return audio

    async def transcribe(self, audio_ref: str) -> str | None:
        """ASR of ``audio_ref`` outside a turn (partial transcripts); None when it failed."""
        try:
            result = await self.pipeline.clients.call(ASR, AsrRequest(audio_ref=audio_ref))
        except VoiceMeshError:
            return None
        return result.value.transcript.strip() or None

    async def warm(self, phrases: list[str]) -> None:
        """Synthesise the fixed phrases once (the greeting first: it also warms Piper)."""
        for text in phrases:
            await self.speak(None, text, cache=True)

    async def turn(
        self,
        dialog: Dialog,
        audio_ref: str,
        *,
        emit: Emit = _ignore,
        wait_for_assessment: bool = True,
    ) -> ConverseResult:
        run = PipelineRun(self.pipeline.clients, self.pipeline.limits)
        dialog.turn += 1
        spoken: list[Audio] = []
        first_audio_s: float | None = None

        async def say(text: str, *, cache: bool = False) -> None:
            nonlocal first_audio_s
            audio = await self.speak(run, text, cache=cache)
            if audio is None:
                return
            if first_audio_s is None:
                first_audio_s = run.elapsed()
            spoken.append(audio)
            await emit("audio", {"text": text, "audio": audio})

        asr = await run.call(ASR, AsrRequest(audio_ref=audio_ref))
        transcript = asr.transcript.strip() if asr else None
        await emit("transcript", {"transcript": transcript or ""})
        assessment: TurnAssessment | None = None
        if not transcript:
            if asr is not None:  # heard nothing: a structured error too
                run.errors.append(
                    StageError(
                        stage="asr",
                        code="no_speech",
                        message="no speech recognised",
                        retryable=True,
                    )
                )
            reply = CANNED["asr"]
            await emit("text", {"delta": reply})
            await say(reply, cache=True)
        elif dialog.mode == "drill":
            reply, assessment = await self._drill(run, dialog, audio_ref)
            await emit("assessment", {"assessment": assessment})
            await emit("text", {"delta": reply})
            await say(reply)
        else:
            reply, assessment = await self._chat(
                run, dialog, audio_ref, transcript, emit, say, wait_for_assessment
            )
        if transcript:
            dialog.remember(transcript, reply)
        return ConverseResult(
            dialog_id=dialog.id,
            turn=dialog.turn,
            mode=dialog.mode,  # type: ignore[arg-type]
            transcript=transcript if asr else None,
            reply_text=reply,
            reply_audio=self._joined(spoken),
            assessment=assessment,
            errors=run.errors,
            timings=run.timings,
            first_audio_s=None if first_audio_s is None else round(first_audio_s, 4),
            total_s=round(run.elapsed(), 4),
        )

    async def _assess(
        self, run: PipelineRun, audio_ref: str, target: str
    ) -> tuple[TurnAssessment, PhonemeDiffResponse | None]:
        diff = await self.pipeline.assess(run, audio_ref, target)
        assessment = TurnAssessment(
            target_text=target,
            scores=diff.scores if diff else None,
            words=diff.words if diff else [],
            correction=pick_correction(diff),
        )
        return assessment, diff

    async def _drill(
        self, run: PipelineRun, dialog: Dialog, audio_ref: str
    ) -> tuple[str, TurnAssessment | None]:
        next_text = drill.sentence(dialog.level, dialog.turn)
        if dialog.drill_text is None:  # the first turn: nothing to repeat yet
            dialog.drill_text = next_text
            return drill.prompt(next_text), None
        assessment, diff = await self._assess(run, audio_ref, dialog.drill_text)
        dialog.drill_text = next_text
        return drill.answer(diff, assessment.correction, next_text), assessment

    async def _chat(
        self,
        run: PipelineRun,
        dialog: Dialog,
        audio_ref: str,
        transcript: str,
        emit: Emit,
        say: Callable[..., Awaitable[None]],
        wait_for_assessment: bool,
    ) -> tuple[str, TurnAssessment | None]:
        assessing = asyncio.ensure_future(self._assess(run, audio_ref, transcript))
        try:
            if wait_for_assessment:
                assessment, _ = await assessing
                await emit("assessment", {"assessment": assessment})
                correction = assessment.correction
            else:
                correction, dialog.pending_correction = dialog.pending_correction, None
            reply = await self._reply(run, dialog, transcript, correction, emit, say)
            if not wait_for_assessment:
                assessment, _ = await assessing
                dialog.pending_correction = assessment.correction
                await emit("assessment", {"assessment": assessment})
        finally:
            assessing.cancel()
        return reply, assessment

    async def _reply(
        self,
        run: PipelineRun,
        dialog: Dialog,
        transcript: str,
        correction: str | None,
        emit: Emit,
        say: Callable[..., Awaitable[None]],
    ) -> str:
        """Stream the tutor's reply; speak each phrase as soon as it is complete (in order,
        while the rest decodes). On an LLM failure: the structured error and the canned
        prompt, after whatever was already said."""
        splitter = PhraseSplitter()
        phrases: asyncio.Queue[str | None] = asyncio.Queue()

        async def speak_in_order() -> None:
            while (phrase := await phrases.get()) is not None:
                await say(phrase)

        speaker = asyncio.ensure_future(speak_in_order())
        text = ""
        start = run.elapsed()
        first_token: float | None = None
        failure: VoiceMeshError | None = None
        try:
            async for delta in self.tutor.reply(
                dialog.history, transcript, level=dialog.level, correction=correction
            ):
                if first_token is None:
                    first_token = run.elapsed()
                    await emit("first_token", {"s": first_token})
                text += delta
                await emit("text", {"delta": delta})
                for phrase in splitter.feed(delta):
                    phrases.put_nowait(phrase)
        except VoiceMeshError as exc:
            failure = exc
        run.timings.append(
            StageTiming(
                stage="llm",
                start_s=round(start, 4),
                duration_s=round(run.elapsed() - start, 4),
                ok=failure is None,
                server_s=None if first_token is None else round(first_token - start, 4),
            )
        )
        rest = splitter.flush()
        if rest and failure is None:  # a reply cut off mid-phrase is not spoken half-way
            phrases.put_nowait(rest)
        if failure is not None:
            log.warning("tutor llm failed", extra={"code": failure.code})
            run.errors.append(
                StageError(
                    stage="llm",
                    code=failure.code,
                    message=failure.message,
                    retryable=failure.retryable,
                )
            )
            canned = CANNED["llm"]
            text = f"{text.strip()} {canned}".strip()
            await emit("text", {"delta": canned})
        phrases.put_nowait(None)
        try:
            await speaker
        finally:
            speaker.cancel()
        if failure is not None:
            await say(CANNED["llm"], cache=True)
        return " ".join(text.split())

    def _joined(self, spoken: list[Audio]) -> Any:
        if not spoken:
            return None
        rate = spoken[0].sample_rate
        gap = np.zeros(int(PHRASE_GAP_S * rate), dtype=np.float32)
        parts: list[np.ndarray] = []
        for audio in spoken:
            parts += [audio.resampled(rate).samples, gap]
        return self.store.put_audio(Audio(np.concatenate(parts[:-1]), rate))
