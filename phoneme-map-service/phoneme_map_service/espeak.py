"""Pronunciations from espeak-ng (GPL-3.0-or-later), run as an external program.

``espeak-ng -q --ipa -v en-us`` reads one word per line from stdin and prints its stressed IPA
(``photograph`` → ``fˈoʊɾəɡɹˌæf``), mapped to ARPAbet by :func:`voicemesh_speech.phones.ipa_to_arpabet`.
A few rules then bring espeak's General American output closer to CMUdict's conventions
(checked on the 3,000 most frequent CMUdict words, see the README):
- a flap ɾ is /d/ when the spelling has a "d" and no "t", else /t/;
- a doubled R (``dˈʊɹɹɪŋ``) is one R; a word-final HH (``jˈɛh``) is dropped;
- unstressed IH before a vowel is IY0 (VIDEO V IH1 D IY0 OW0);
- unstressed UH is AH0 inside a word (POPULAR … Y AH0 L ER0) and UW0 at its end (INTO).
"""

from __future__ import annotations

import shutil
import subprocess
import threading

from phoneme_map_service.g2p import letters_only
from voicemesh_speech.phones import ipa_to_arpabet, is_vowel


class EspeakError(RuntimeError):
    """espeak-ng is missing, failed or timed out."""


def conventionalize(phones: list[str]) -> list[str]:
    """Apply the CMUdict-convention rules above to espeak-derived ARPAbet."""
    out: list[str] = []
    for phone in phones:
        if phone == "R" and out and out[-1] == "R":
            continue
        if is_vowel(phone) and out and out[-1] == "IH0":
            out[-1] = "IY0"
        out.append(phone)
    if out and out[-1] == "HH" and len(out) > 1:
        out.pop()
    for i, phone in enumerate(out):
        if phone == "UH0":
            out[i] = "UW0" if i == len(out) - 1 else "AH0"
    return out


class EspeakG2p:
    """espeak-ng as a grapheme-to-phoneme source; one process per batch of words."""

    def __init__(self, binary: str = "espeak-ng", voice: str = "en-us", timeout_s: float = 10.0):
        self.binary = binary
        self.voice = voice
        self.timeout_s = timeout_s
        self._cache: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return shutil.which(self.binary) is not None

    def version(self) -> str:
        """``espeak-ng 1.51`` or raises :class:`EspeakError`."""
        out = self._run(["--version"], "")
        words = out.split()
        return f"espeak-ng {words[3]}" if len(words) > 3 else out.strip()

    def _run(self, args: list[str], stdin: str) -> str:
        try:
            done = subprocess.run(
                [self.binary, *args],
                input=stdin,
                capture_output=True,
                text=True,
                timeout=self.timeout_s,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EspeakError(f"espeak-ng failed: {exc}") from exc
        return done.stdout

    def ipa(self, words: list[str]) -> list[str]:
        """Stressed IPA of each word (letters only are passed to espeak-ng)."""
        clean = [letters_only(w) for w in words]
        lines = [line.strip() for line in self._run(["-q", "--ipa", "-v", self.voice], "".join(
            f"{w}.\n" for w in clean
        )).splitlines() if line.strip()]  # fmt: skip
        if len(lines) != len(clean):  # espeak merged or split a line: ask word by word
            lines = [self._run(["-q", "--ipa", "-v", self.voice], w).strip() for w in clean]
        return lines

    def pronounce(self, words: list[str]) -> list[tuple[str, ...]]:
        """ARPAbet with stress digits for each word; ``()`` for a word espeak cannot say.
        Raises :class:`EspeakError` if the program fails."""
        with self._lock:
            missing = [w for w in dict.fromkeys(words) if w not in self._cache and letters_only(w)]
        if missing:
            for word, ipa in zip(missing, self.ipa(missing), strict=True):
                if "d" in word.lower() and "t" not in word.lower():
                    ipa = ipa.replace("ɾ", "d")
                with self._lock:
                    self._cache[word] = tuple(conventionalize(ipa_to_arpabet(ipa)))
        with self._lock:
            return [self._cache.get(w, ()) for w in words]
