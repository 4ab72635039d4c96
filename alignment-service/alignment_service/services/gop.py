"""Goodness of pronunciation (GOP) from a forced alignment and a free phone loop.

GOP of a phone = (forced-alignment score − phone-loop score over the same frames) / frames,
the frame-normalised log-likelihood ratio of Witt & Young, "Phone-level pronunciation scoring
and assessment for interactive language learning", Speech Communication 30 (2000), with the
free phone loop standing in for the max over competing phones. Units: nats per 10 ms frame;
around 0 is best (the expected phone explains the frames as well as any phone sequence),
more negative is worse.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from alignment_service.services.sphinx_decoders import NON_SPEECH, LoopSegment


class PhoneLoop:
    """The phone loop's segmentation with per-frame lookups. A segment's score is spread
    evenly over its frames (PocketSphinx reports one score per segment)."""

    def __init__(self, segments: Sequence[LoopSegment]) -> None:
        self.segments = list(segments)
        self._starts = [s.start for s in self.segments]

    def _overlaps(self, start: int, end: int) -> list[tuple[LoopSegment, int]]:
        out = []
        i = max(0, bisect_right(self._starts, start) - 1)
        while i < len(self.segments) and self.segments[i].start < end:
            seg = self.segments[i]
            overlap = min(seg.end, end) - max(seg.start, start)
            if overlap > 0:
                out.append((seg, overlap))
            i += 1
        return out

    def score(self, start: int, end: int) -> float:
        """Loop score of frames [start, end) in PocketSphinx units."""
        return sum(
            seg.score * overlap / (seg.end - seg.start)
            for seg, overlap in self._overlaps(start, end)
        )

    def speech_frames(self, start: int = 0, end: int | None = None) -> int:
        """Frames in [start, end) that the loop labels as a speech phone (not SIL or filler)."""
        stop = end if end is not None else (self.segments[-1].end if self.segments else 0)
        return sum(
            overlap for seg, overlap in self._overlaps(start, stop) if seg.phone not in NON_SPEECH
        )


def gop(forced_nats: float, loop_nats: float, frames: int) -> float:
    """(forced − loop) / frames in nats per 10 ms frame. Not clipped: small positive values
    occur where the forced path beats the loop's best path (the loop pays a phone insertion
    penalty and its segment scores are spread evenly over frames)."""
    return (forced_nats - loop_nats) / frames
