"""The :class:`AlignmentResponse` every alignment engine returns, built one way."""

from __future__ import annotations

from typing import Literal

from alignment_service.services.textgrid_export import alignment_textgrid
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.alignment import AlignedWord, AlignmentResponse
from voicemesh.contracts.common import EngineInfo


def alignment_response(
    words: list[AlignedWord],
    duration_s: float,
    *,
    engine: EngineInfo,
    store: ArtifactStore,
    textgrid: bool,
    message: str | None,
) -> AlignmentResponse:
    """``status`` ok (every word placed), partial (some) or failed (none); the indexes of the
    words not placed; a Praat TextGrid artifact when asked and anything was placed."""
    unaligned = [i for i, w in enumerate(words) if not w.aligned]
    status: Literal["ok", "partial", "failed"] = (
        "ok" if not unaligned else "partial" if len(unaligned) < len(words) else "failed"
    )
    textgrid_ref = None
    if textgrid and status != "failed":
        textgrid_ref = store.put(alignment_textgrid(words, duration_s), "TextGrid")
    return AlignmentResponse(
        status=status,
        words=words,
        unaligned_words=unaligned,
        duration_s=round(duration_s, 3),
        textgrid_ref=textgrid_ref,
        message=message,
        engine=engine,
    )
