"""score-corpus on a tiny speechocean762-layout folder built from tests/audio."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from threadpoolctl import threadpool_info

from phoneme_diff_service.corpus import _init_worker, read_corpus, run
from phoneme_diff_service.lexical import dictionary_pronunciations

from .conftest import AUDIO

CLIPS = {
    "000360190": (
        "adult-female-so-you-want-to-be-more-productive.wav",
        "SO YOU WANT TO BE MORE PRODUCTIVE",
    ),
    "000010089": ("child-male-mandy-has-a-big-arm.wav", "MANDY HAS A BIG ARM"),
}


def corpus_entry(text: str) -> dict[str, object]:
    """A scores.json entry: canonical phones, and score fields that the scorer must ignore."""
    return {
        "text": text,
        "speaker": "0000",
        "words": [
            {
                "text": w.text,
                "phones": w.phones,
                "phones-accuracy": ["not a number"] * len(w.phones),
                "accuracy": "poison",
                "stress": "poison",
            }
            for w in dictionary_pronunciations(text)
        ],
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("alignment_service", reason="alignment-service is not installed")
    root = tmp_path_factory.mktemp("corpus")
    (root / "audio").mkdir()
    scores = {}
    for utt, (name, text) in CLIPS.items():
        shutil.copy(AUDIO / name, root / "audio" / f"{utt}.wav")
        scores[utt] = corpus_entry(text)
    scores["999999999"] = corpus_entry("HELLO WORLD")  # no audio file: still gets a line
    (root / "scores.json").write_text(json.dumps(scores))
    return root


def test_missing_scores_file_is_exit_status_2(tmp_path: Path) -> None:
    assert run(tmp_path, tmp_path / "out.jsonl") == 2


def test_reader_keeps_only_text_and_phones(corpus: Path) -> None:
    utterances = read_corpus(corpus)
    assert [u.utt for u in utterances] == [*CLIPS, "999999999"]
    assert set(vars(utterances[0].words[0])) == {"text", "phones"}


def test_every_utterance_gets_a_line_in_order(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.jsonl"
    assert run(corpus, out, workers=1) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["utt"] for line in lines] == [*CLIPS, "999999999"]
    for line, (_, text) in zip(lines, CLIPS.values(), strict=False):
        assert [w["text"] for w in line["words"]] == text.split()
        for word in line["words"]:
            assert set(word) == {"text", "accuracy", "stress_score", "stress_error", "phones"}
            assert 0 <= word["accuracy"] <= 100 and 0 <= word["stress_score"] <= 100
            assert all(set(p) == {"phone", "score", "status"} for p in word["phones"])
    good = lines[0]["words"]
    assert sum(w["accuracy"] for w in good) / len(good) > 70
    missing = lines[2]["words"]
    assert [w["text"] for w in missing] == ["HELLO", "WORLD"]
    assert all(w["accuracy"] <= 10 for w in missing)
    assert all(p["status"] == "deleted" for w in missing for p in w["phones"])


def test_workers_hold_native_thread_pools_to_one_thread() -> None:
    """Workers share the cores between them; a pool per core in each worker oversubscribes."""
    pytest.importorskip("alignment_service", reason="alignment-service is not installed")
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=_init_worker) as pool:
        pools = pool.submit(threadpool_info).result()
    assert "openblas" in {p["internal_api"] for p in pools}
    assert [p["num_threads"] for p in pools] == [1] * len(pools)
