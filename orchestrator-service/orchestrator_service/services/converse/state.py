"""What conversation practice holds while the orchestrator runs, behind one typed accessor."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette

from orchestrator_service.converse_settings import ConverseSettings
from orchestrator_service.services.converse.dialog import Dialogs
from orchestrator_service.services.converse.turn import Conversation


@dataclass(frozen=True)
class ConverseState:
    conversation: Conversation
    dialogs: Dialogs
    settings: ConverseSettings


def converse_state(app: Starlette) -> ConverseState:
    """The state the orchestrator's lifespan put on ``app`` (``app.state.converse``)."""
    state: ConverseState = app.state.converse
    return state
