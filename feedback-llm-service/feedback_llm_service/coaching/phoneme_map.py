"""Optional: more minimal pairs from phoneme-map-service's ``POST /search``.

Off unless ``FEEDBACK_PHONEME_MAP_SEARCH`` is true. A failed or slow call only means fewer pairs:
the feedback never depends on it. Logs name no words. Rare words (Zipf frequency below
:data:`MIN_ZIPF`, i.e. under about one per million words, wordfreq's scale) and homophones of a
word already listed are left out: drills should use words the learner may know.
"""

from __future__ import annotations

import logging

import httpx

from voicemesh.contracts.phoneme_map import PatternSearchRequest, PatternSearchResponse

log = logging.getLogger(__name__)
MIN_ZIPF = 3.0


class MinimalPairSource:
    """Asks phoneme-map for words that differ from ``word`` by one phone of a contrast."""

    def __init__(
        self, base_url: str, timeout_s: float, headers: dict[str, str] | None = None
    ) -> None:
        """``headers``: the mesh's internal token (voicemesh.internal_auth.token_headers)."""
        self.url = base_url.rstrip("/") + "/search"
        self.timeout_s = timeout_s
        self.headers = headers or {}

    def pairs(self, word: str, contrast: tuple[str, str], limit: int) -> list[str]:
        """``"thought / sought"`` strings, most frequent partner first; ``[]`` on any failure."""
        body = PatternSearchRequest(
            minimal_pairs_of=word.lower(), contrast=list(contrast), limit=limit
        )
        try:
            response = httpx.post(
                self.url,
                json=body.model_dump(exclude_none=True),
                headers=self.headers,
                timeout=self.timeout_s,
            )
            response.raise_for_status()
            result = PatternSearchResponse.model_validate_json(response.content)
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("phoneme-map search failed", extra={"error_type": type(exc).__name__})
            return []
        pairs: dict[tuple[str, ...], str] = {}  # one word per pronunciation
        for m in sorted(result.matches, key=lambda m: (-m.frequency, m.word)):
            if m.frequency >= MIN_ZIPF and m.word.lower() != word.lower():
                pairs.setdefault(tuple(m.phones), f"{word.lower()} / {m.word.lower()}")
        return list(pairs.values())
