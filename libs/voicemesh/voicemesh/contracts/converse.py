"""orchestrator-service: one spoken turn of conversation practice (``POST /converse``, and the
events of ``WS /converse/stream``; docs/api.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from voicemesh.contracts.common import AudioArtifact, Contract, Seconds
from voicemesh.contracts.feedback import Level
from voicemesh.contracts.orchestrator import StageError, StageTiming
from voicemesh.contracts.phoneme_diff import UtteranceScores, WordAssessment

Mode = Literal["chat", "drill"]
DialogId = str
DIALOG_ID_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"


class ConverseRequest(Contract):
    """Multipart: ``audio`` (the learner's turn) and the fields below as form fields."""

    audio_ref: str | None = Field(default=None, description="filled from the `audio` upload")
    dialog_id: str | None = Field(
        default=None,
        pattern=DIALOG_ID_PATTERN,
        description="continue this dialog; empty: start a new one (its id is in the answer)",
    )
    level: Level | None = None
    mode: Mode = Field(
        default="chat",
        description="chat: the tutor answers what was said; drill: the tutor says a sentence, "
        "the learner repeats it and is answered from the assessment (no LLM)",
    )


class TurnAssessment(Contract):
    """The learner's turn judged against ``target_text``: in chat mode its own transcript
    (what the learner meant to say, as far as ASR heard it), in drill mode the drill sentence."""

    target_text: str
    scores: UtteranceScores | None
    words: list[WordAssessment]
    correction: str | None = Field(
        description="the one correction offered to the tutor, e.g. \"'productive': stress the "
        'second syllable"; None when nothing was clearly wrong'
    )


class ConverseResult(Contract):
    dialog_id: DialogId
    turn: int = Field(ge=1, description="1 for the first turn of the dialog")
    mode: Mode
    transcript: str | None = Field(description="what ASR heard; None when ASR failed")
    reply_text: str = Field(description="the tutor's reply, or the canned prompt on a failure")
    reply_audio: AudioArtifact | None = Field(description="the reply spoken (WAV)")
    assessment: TurnAssessment | None
    errors: list[StageError] = Field(description="stage failures; the reply then says so")
    timings: list[StageTiming]
    first_audio_s: Seconds | None = Field(
        description="from the start of the turn to the first phrase's audio"
    )
    total_s: Seconds
