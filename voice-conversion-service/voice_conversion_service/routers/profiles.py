"""``POST /profiles`` and ``GET /profiles/{id}``: a learner's voice, measured once and reused.

Profiles are measured by the shared stats function (``services.voice_stats``), not by the
engine, so they work with every engine and in MOCK_MODE.
"""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request

from voice_conversion_service.profile_store import ProfileStore, resolve_rvc_model
from voice_conversion_service.services.voice_stats import measure_voice
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import AudioLimits
from voicemesh.body import body_of, body_openapi
from voicemesh.contracts.voice_conversion import ProfileRequest, VoiceProfile
from voicemesh.deps import LimitsDep, StoreDep

router = APIRouter(tags=["profiles"])


def get_profiles(request: Request) -> ProfileStore:
    return request.app.state.profiles  # type: ignore[no-any-return]


ProfilesDep = Annotated[ProfileStore, Depends(get_profiles)]


def build_profile(
    body: ProfileRequest, store: ArtifactStore, limits: AudioLimits, profiles: ProfileStore
) -> VoiceProfile:
    if body.rvc_model_path:
        resolve_rvc_model(profiles.rvc_model_dir, body.rvc_model_path)
    recordings = [store.load_audio(ref, limits) for ref in body.audio_refs]
    return profiles.create(measure_voice(recordings), len(recordings), body.rvc_model_path)


@router.post(
    "/profiles",
    response_model=VoiceProfile,
    status_code=201,
    openapi_extra=body_openapi(ProfileRequest, files=("audio",)),
)
async def create_profile(
    body: Annotated[ProfileRequest, Depends(body_of(ProfileRequest))],
    store: StoreDep,
    limits: LimitsDep,
    profiles: ProfilesDep,
) -> VoiceProfile:
    """Measure the learner's voice (F0 median/p10/p90, formant ratio) from one or more
    recordings (multipart files in field ``audio``, or ``audio_refs``) and store it. 422 when
    the recordings hold under 0.3 s of voiced speech or ``rvc_model_path`` is not a model."""
    return await anyio.to_thread.run_sync(build_profile, body, store, limits, profiles)


@router.get("/profiles/{profile_id}", response_model=VoiceProfile)
async def get_profile(profile_id: str, profiles: ProfilesDep) -> VoiceProfile:
    """A stored profile; 404 when unknown, 400 when the id is malformed."""
    return profiles.get(profile_id)
