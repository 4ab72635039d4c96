"""Resolving a ``voice_id`` the caller may use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orchestrator_service.auth.principal import Principal
from orchestrator_service.db.models import VoiceProfile
from orchestrator_service.history.access import visible
from voicemesh.errors import Conflict, NotFound


async def visible_voice(db: AsyncSession, principal: Principal, voice_id: str) -> VoiceProfile:
    stmt = visible(select(VoiceProfile), VoiceProfile, principal)
    voice = await db.scalar(stmt.where(VoiceProfile.id == voice_id))
    if voice is None:
        raise NotFound(f"voice {voice_id} not found")
    return voice


async def ready_profile(db: AsyncSession, principal: Principal, voice_id: str) -> str:
    """The voice-conversion profile id of a ready voice. NotFound (404) for a voice the caller
    cannot see; Conflict (409 ``voice_not_ready``) while it is pending or after it failed."""
    voice = await visible_voice(db, principal, voice_id)
    if voice.status != "ready" or not voice.vc_profile_id:
        raise VoiceNotReady(f"voice {voice_id} is {voice.status}; wait for status ready")
    return voice.vc_profile_id


class VoiceNotReady(Conflict):
    code = "voice_not_ready"
