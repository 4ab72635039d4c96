"""Praat TextGrid export of an alignment (praatio, MIT): a ``words`` and a ``phones`` interval
tier; gaps (silence) are left as empty intervals."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from praatio import textgrid

from voicemesh.contracts.alignment import AlignedWord


def alignment_textgrid(words: Sequence[AlignedWord], duration_s: float) -> bytes:
    """Long-format TextGrid (UTF-8 bytes) spanning [0, duration_s] seconds."""
    word_entries = [
        (w.start, w.end, w.text)
        for w in words
        if w.aligned and w.start is not None and w.end is not None and w.end > w.start
    ]
    phone_entries = [
        (p.start, p.end, p.phone) for w in words if w.aligned for p in w.phones if p.end > p.start
    ]
    grid = textgrid.Textgrid()
    grid.addTier(textgrid.IntervalTier("words", word_entries, 0.0, duration_s))
    grid.addTier(textgrid.IntervalTier("phones", phone_entries, 0.0, duration_s))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "alignment.TextGrid"
        grid.save(str(path), format="long_textgrid", includeBlankSpaces=True)
        return path.read_bytes()
