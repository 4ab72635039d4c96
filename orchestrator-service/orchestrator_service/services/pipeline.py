"""The flow of ``POST /process`` (docs/architecture.md), stage by stage.

    upload ─┬─ asr ───────────────────────────────────────────────────┐
            ├─ phoneme_map (text given) ─ alignment ─ phoneme_diff ────┴─ feedback
            └─ tts (text given) ─ voice_conversion

ASR hears only the audio (the target sentence is not its prompt unless
``ORCHESTRATOR_ASR_TARGET_HINT`` is set), so the transcript shows what was said. With a given
sentence, ASR runs alongside phoneme-map, alignment and the diff (which judge the audio against
the target and do not need the transcript) and is awaited only before feedback. Without one,
the transcript is the target, and phoneme-map and TTS start after ASR. Required (the request
fails with the stage's error): ASR when no text was given, phoneme-map and alignment (nothing
can be judged without them). Any other failed stage becomes an entry in ``errors[]`` and the
rest returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from orchestrator_service.services.run import PipelineRun, StageLimits
from voicemesh.artifacts import ArtifactStore
from voicemesh.clients import MeshClients
from voicemesh.contracts.alignment import AlignmentRequest, AlignmentWordIn
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.contracts.common import AudioArtifact, EngineInfo
from voicemesh.contracts.feedback import FeedbackRequest
from voicemesh.contracts.orchestrator import ProcessAudio, ProcessRequest, ProcessResult
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import PhonemeMapRequest, PhonemeMapResponse
from voicemesh.contracts.tts import TtsRequest
from voicemesh.contracts.voice_conversion import VoiceConversionRequest
from voicemesh.deadline import deadline_in
from voicemesh.errors import InvalidRequest
from voicemesh.mesh import (
    ALIGNMENT,
    ASR,
    FEEDBACK,
    PHONEME_DIFF,
    PHONEME_MAP,
    TTS,
    VOICE_CONVERSION,
)
from voicemesh.requestid import current_request_id

ModelAudio = tuple[AudioArtifact | None, AudioArtifact | None]


class Pipeline:
    """The orchestrator's engine: no model, the other services are its engines."""

    blocking = False
    info = EngineInfo(name="pipeline", model="voicemesh-mesh", device="cpu")

    def __init__(
        self,
        clients: MeshClients,
        limits: StageLimits,
        store: ArtifactStore,
        *,
        asr_target_hint: bool = False,
        request_deadline_s: float = 60.0,
    ) -> None:
        """``request_deadline_s``: engine calls of one :meth:`run` are retried (a crashed
        service's restart included) until this many seconds after it started."""
        self.clients = clients
        self.request_deadline_s = request_deadline_s
        self.limits = limits
        self.store = store
        self.asr_target_hint = asr_target_hint

    def load(self) -> None:
        """Nothing to load; the launcher starts the orchestrator after the services."""

    def _served(self, artifact: AudioArtifact | None) -> AudioArtifact | None:
        if artifact is None:
            return None
        return artifact.model_copy(update={"url": self.store.url(artifact.id)})

    async def run(
        self, req: ProcessRequest, learner: AudioArtifact, *, vc_profile_id: str | None = None
    ) -> ProcessResult:
        """``vc_profile_id``: a voice-conversion profile to speak the model audio in, instead
        of the learner's recording."""
        with deadline_in(self.request_deadline_s):
            return await self._run(req, learner, vc_profile_id)

    async def _run(
        self, req: ProcessRequest, learner: AudioArtifact, vc_profile_id: str | None
    ) -> ProcessResult:
        run = PipelineRun(self.clients, self.limits)
        given = (req.text or "").strip() or None
        tasks: list[asyncio.Task[Any]] = []

        def start(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
            task = asyncio.ensure_future(coro)
            tasks.append(task)
            return task

        try:
            asr_request = AsrRequest(
                audio_ref=learner.id,
                language=req.language,
                initial_prompt=given if self.asr_target_hint else None,
            )

            def map_phones(text: str) -> asyncio.Task[Any]:
                return start(run.call(PHONEME_MAP, PhonemeMapRequest(text=text), required=True))

            if given:  # the judging chain is the critical path: its first call goes out first
                target = given
                map_task = map_phones(target)
                asr_task = start(run.call(ASR, asr_request))
            else:
                asr_task = start(run.call(ASR, asr_request, required=True))
                target = self._target_from(await asr_task)
                map_task = map_phones(target)
            audio_task = start(self._model_and_own_voice(run, req, target, learner, vc_profile_id))

            mapping: PhonemeMapResponse = await map_task
            diff = await self.judge(run, learner.id, mapping, required=True)
            asr: AsrResponse | None = await asr_task  # with a given text, ASR ran alongside
            feedback = None
            if diff is not None and req.with_feedback:
                feedback = await run.call(
                    FEEDBACK,
                    FeedbackRequest(
                        assessment=diff,
                        transcript=asr.transcript if asr else None,
                        target_text=target,
                        learner_l1=req.learner_l1,
                        level=req.level,
                    ),
                )
            model_audio, own_voice = await audio_task
        finally:
            for task in tasks:
                task.cancel()

        return ProcessResult(
            request_id=current_request_id(),
            transcript=asr.transcript if asr else None,
            target_text=target,
            target_source="given" if given else "transcript",
            words=diff.words if diff else [],
            scores=diff.scores if diff else None,
            audio=ProcessAudio(
                learner=self._served(learner),
                model_pronunciation=self._served(model_audio),
                own_voice=self._served(own_voice),
            ),
            feedback=feedback,
            timings=run.timings,
            total_s=round(run.elapsed(), 4),
            errors=run.errors,
        )

    async def assess(
        self, run: PipelineRun, audio_ref: str, target: str
    ) -> PhonemeDiffResponse | None:
        """Phoneme-map, alignment and the diff of ``audio_ref`` against ``target``; None when
        a stage failed (its error is on ``run``). What ``/converse`` judges a turn with."""
        mapping = await run.call(PHONEME_MAP, PhonemeMapRequest(text=target))
        return await self.judge(run, audio_ref, mapping) if mapping else None

    async def judge(
        self,
        run: PipelineRun,
        audio_ref: str,
        mapping: PhonemeMapResponse,
        *,
        required: bool = False,
    ) -> PhonemeDiffResponse | None:
        """Alignment and the diff of ``audio_ref`` against ``mapping``'s expected phones; None
        when a stage failed. ``required``: a failed alignment is re-raised (fatal for
        ``/process``) instead of recorded."""
        words = [AlignmentWordIn(text=w.text, phones=w.phones) for w in mapping.words]
        alignment = await run.call(
            ALIGNMENT, AlignmentRequest(audio_ref=audio_ref, words=words), required=required
        )
        if alignment is None:
            return None
        return await run.call(
            PHONEME_DIFF,
            PhonemeDiffRequest(audio_ref=audio_ref, expected=mapping.words, alignment=alignment),
        )

    @staticmethod
    def _target_from(asr: AsrResponse) -> str:
        if asr.no_speech or not asr.transcript.strip():
            raise InvalidRequest(
                "no speech was recognised and no target `text` was given: "
                "record the sentence again or send the text you meant to read"
            )
        return asr.transcript

    async def _model_and_own_voice(
        self,
        run: PipelineRun,
        req: ProcessRequest,
        text: str,
        learner: AudioArtifact,
        vc_profile_id: str | None,
    ) -> ModelAudio:
        if not req.with_audio:
            return None, None
        tts = await run.call(TTS, TtsRequest(text=text, rate=req.tts_rate))
        if tts is None:
            return None, None
        vc = await run.call(
            VOICE_CONVERSION,
            VoiceConversionRequest(
                audio_ref=tts.audio.id,
                reference_ref=None if vc_profile_id else learner.id,
                profile_id=vc_profile_id,
            ),
        )
        return tts.audio, vc.audio if vc else None
