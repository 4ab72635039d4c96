"""inflect imported without typeguard's instrumentation says every number as the checked
import does, and typeguard itself is left as it was."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typeguard

from voicemesh_speech.unchecked_import import import_unchecked

TOKENS = [
    *(str(n) for n in range(0, 2200, 7)),
    *(f"{n}{s}" for n in range(1, 120) for s in ("st", "nd", "rd", "th")),
    *(f"{n}s" for n in range(10, 2100, 30)),
    *(f"{h}:{m:02d}" for h in range(0, 25, 3) for m in (0, 5, 30, 59)),
    *("3.14 0.5 .25 1,000 12,345,678 123456789012345 1234567890123456 007 2005 1905".split()),
]

# The same words from inflect imported the ordinary way (typeguard instrumenting it first).
CHECKED = """
import json, sys
import inflect
from voicemesh_speech.numbers import spoken_number
instrumented = "typeguard" in str(inflect.engine.number_to_words.__code__.co_names)
print(json.dumps({"instrumented": instrumented,
                  "words": [spoken_number(t) for t in sys.argv[1:]]}))
"""

UNCHECKED = CHECKED.replace("import inflect\nfrom", "from").replace(
    "instrumented =", "import inflect\ninstrumented ="
)


def run(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *TOKENS], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_unchecked_inflect_says_the_same_words() -> None:
    checked, unchecked = run(CHECKED), run(UNCHECKED)
    assert checked["instrumented"] is True
    assert unchecked["instrumented"] is False
    assert unchecked["words"] == checked["words"]
    words = checked["words"]
    assert isinstance(words, list) and len(words) == len(TOKENS)
    assert sum(w is not None for w in words) > 0.95 * len(TOKENS)  # ".25", "24:59" are not


GUARDED = """
from typeguard import typechecked

@typechecked
def double(x: int) -> int:
    return x * 2
"""


def test_only_the_one_import_is_unchecked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "guarded_unchecked.py").write_text(GUARDED)
    (tmp_path / "guarded_checked.py").write_text(GUARDED)
    monkeypatch.syspath_prepend(str(tmp_path))
    before = typeguard.typechecked
    unchecked = import_unchecked("guarded_unchecked")
    assert typeguard.typechecked is before
    assert unchecked.double("ab") == "abab"  # no type check
    assert import_unchecked("guarded_unchecked") is unchecked
    checked = importlib.import_module("guarded_checked")
    with pytest.raises(typeguard.TypeCheckError):
        checked.double("ab")
