"""The ``rules`` engine: deterministic coaching from the assessment, worded by ``prompts/``.

No model and no network (unless ``FEEDBACK_PHONEME_MAP_SEARCH`` asks phoneme-map for more minimal
pairs). Same request, same response.
"""

from __future__ import annotations

import logging

from feedback_llm_service.coaching.compose import Draft, Limits, compose
from feedback_llm_service.coaching.phoneme_map import MinimalPairSource
from feedback_llm_service.settings import FeedbackSettings
from feedback_llm_service.templates import PromptSet
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.feedback import FeedbackRequest, FeedbackResponse
from voicemesh.internal_auth import mesh_token, token_headers
from voicemesh.mesh import PHONEME_MAP

log = logging.getLogger(__name__)


class RulesEngine:
    blocking = True  # cheap, but the optional phoneme-map lookup is network I/O

    def __init__(self, settings: FeedbackSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.info = EngineInfo(name="rules", model="voicemesh-feedback-rules+prompts", device="cpu")
        self.limits = Limits(settings.max_priorities, settings.max_tips, settings.max_drills)
        self.pairs = (
            MinimalPairSource(
                settings.service_url(PHONEME_MAP.name),
                settings.phoneme_map_timeout_s,
                token_headers(mesh_token(settings)),
            )
            if settings.phoneme_map_search
            else None
        )
        self._prompts: PromptSet | None = None

    @property
    def prompts(self) -> PromptSet:
        if self._prompts is None:
            raise RuntimeError("rules engine used before load()")
        return self._prompts

    def load(self) -> None:
        """Load and check the seven templates of ``prompts/`` (fails naming the template)."""
        self._prompts = PromptSet.load()

    def draft(self, request: FeedbackRequest) -> Draft:
        """The feedback plus the filled issue blocks (for the openai engine's prompt)."""
        pair_lookup = self.pairs.pairs if self.pairs else None
        return compose(request, self.prompts, self.limits, self.info, pair_lookup)

    def process(self, request: FeedbackRequest) -> FeedbackResponse:
        draft = self.draft(request)
        log.info(
            "feedback composed",
            extra={
                "engine": self.info.name,
                "n_words": len(request.assessment.words),
                "n_issues": len(draft.issues),
                "n_priorities": len(draft.response.priorities),
            },
        )
        return draft.response
