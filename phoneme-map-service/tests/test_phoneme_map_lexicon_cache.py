"""The lexicon cache: what is loaded from the file equals what the packages build, and a
missing, stale or broken file is rebuilt."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from phoneme_map_service import lexicon_cache
from phoneme_map_service.lexicon_cache import Lexicon, build, cache_path, load_lexicon


@pytest.fixture(scope="module")
def built() -> Lexicon:
    return build()


@pytest.fixture(autouse=True)
def quick_build(built: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    """Building returns the module's one real build (≈ 2.5 s of CPU each)."""
    monkeypatch.setattr(lexicon_cache, "build", lambda: built)


def test_cached_lexicon_equals_a_fresh_build(built: Lexicon, tmp_path: Path) -> None:
    assert load_lexicon(tmp_path) is built  # built, and written to the file
    assert cache_path(tmp_path).is_file()
    cached = load_lexicon(tmp_path)  # read back
    assert cached is not built
    assert cached.entries == built.entries
    assert cached.frequencies == built.frequencies
    assert len(cached.entries) > 120_000
    fresh, loaded = vars(built.index), vars(cached.index)
    assert loaded.keys() == fresh.keys()
    for name, value in fresh.items():
        assert loaded[name] == value, name
    # The index holds the lexicon's own lists after loading too (one copy in memory).
    line = cached.index.first_entry[0]
    word = cached.index.entry(line).word
    assert cached.index._entry_phones[line] is cached.entries[word][0]


def test_search_answers_the_same_from_the_cache(built: Lexicon, tmp_path: Path) -> None:
    load_lexicon(tmp_path)
    cached = load_lexicon(tmp_path)
    for pattern, stress in (("TH *", None), ("* IH1 NG K", None), (None, ". 1 . ."), ("@V1", "1")):
        assert cached.index.search(pattern, stress, 50) == built.index.search(pattern, stress, 50)
    variants = built.entries["think"]
    assert cached.index.minimal_pairs(variants, ["TH", "S"], 20, exclude="think") == (
        built.index.minimal_pairs(variants, ["TH", "S"], 20, exclude="think")
    )


def test_a_file_of_another_key_is_not_read_and_is_replaced(tmp_path: Path) -> None:
    stale = tmp_path / f"{lexicon_cache.PREFIX}0123456789abcdef.pickle"
    stale.write_bytes(pickle.dumps("not a lexicon"))
    lexicon = load_lexicon(tmp_path)
    assert isinstance(lexicon, Lexicon)
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir()] == [cache_path(tmp_path).name]


def test_a_broken_file_is_rebuilt_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache_path(tmp_path).write_bytes(b"\x80\x05truncated")
    with caplog.at_level(logging.WARNING, logger="phoneme_map_service.lexicon_cache"):
        lexicon = load_lexicon(tmp_path)
    assert "think" in lexicon.entries
    assert "unreadable" in caplog.text
    assert isinstance(pickle.loads(cache_path(tmp_path).read_bytes()), Lexicon)


def test_the_key_follows_the_building_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = lexicon_cache.cache_key()
    assert len(key) == 16 and key == lexicon_cache.cache_key()
    monkeypatch.setattr(lexicon_cache, "version", lambda name: "0.0-other")
    assert lexicon_cache.cache_key() != key


def test_an_unwritable_cache_folder_still_loads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    with caplog.at_level(logging.WARNING, logger="phoneme_map_service.lexicon_cache"):
        lexicon = load_lexicon(blocked)
    assert "think" in lexicon.entries
    assert "not written" in caplog.text
