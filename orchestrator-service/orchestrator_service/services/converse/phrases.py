"""Cut streamed LLM text into phrases that can be spoken as soon as they are complete.

A phrase ends at sentence punctuation (. ! ?) followed by a space, or at a clause mark
(, ; :) once it holds ``min_clause_words`` words: the first phrase is then short, so its audio
starts early, and no phrase is a lone word whose prosody would sound clipped.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s")
_CLAUSE_END = re.compile(r"[,;:]\s")


class PhraseSplitter:
    def __init__(self, min_clause_words: int = 4) -> None:
        self.min_clause_words = min_clause_words
        self.buffer = ""

    def feed(self, delta: str) -> list[str]:
        """Add a text delta; return the phrases it completed (stripped, in order)."""
        self.buffer += delta
        phrases = []
        while phrase := self._cut():
            phrases.append(phrase)
        return phrases

    def flush(self) -> str | None:
        """The rest of the text at the end of the reply, or None when nothing is left."""
        rest, self.buffer = self.buffer.strip(), ""
        return rest or None

    def _cut(self) -> str | None:
        candidates = [m.end() for m in [_SENTENCE_END.search(self.buffer)] if m]
        for match in _CLAUSE_END.finditer(self.buffer):
            if len(self.buffer[: match.end()].split()) >= self.min_clause_words:
                candidates.append(match.end())
                break
        if not candidates:
            return None
        end = min(candidates)
        phrase, self.buffer = self.buffer[:end].strip(), self.buffer[end:]
        return phrase or None
