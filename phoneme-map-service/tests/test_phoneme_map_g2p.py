"""g2p-en without NLTK: the same predictions as with the real NLTK import, and neither NLTK nor
SciPy is imported."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

from phoneme_map_service.g2p import NeuralG2p, SentenceApiUnavailable, _nltk_stand_in

WORDS = ["zorblax", "ngozi", "xiaoming", "covfefe", "blorp", "quizzaciously", "tchotchkes"]

# g2p_en.G2p.predict after importing g2p-en against the real NLTK (downloads disabled, as the
# service did before the stand-in), in a fresh interpreter.
WITH_NLTK = """
import json, sys, warnings
import nltk
nltk.download = lambda *a, **k: False
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import g2p_en.g2p as module
module.cmudict = type("C", (), {"dict": staticmethod(lambda: {})})
model = module.G2p()
print(json.dumps([model.predict(w) for w in sys.argv[1:]]))
"""

WITH_STAND_IN = """
import json, sys
from phoneme_map_service.g2p import NeuralG2p
model = NeuralG2p({})._model
print(json.dumps({
    "predictions": [model.predict(w) for w in sys.argv[1:]],
    "imported": sorted(m for m in ("nltk", "scipy", "scipy.stats") if m in sys.modules),
}))
"""


def run(code: str) -> object:
    done = subprocess.run(
        [sys.executable, "-c", code, *WORDS], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_predictions_equal_those_with_the_real_nltk_and_nltk_is_not_imported() -> None:
    with_nltk = run(WITH_NLTK)
    stand_in = run(WITH_STAND_IN)
    assert isinstance(stand_in, dict)
    assert stand_in["predictions"] == with_nltk
    assert all(phones for phones in stand_in["predictions"])
    assert stand_in["imported"] == []


def test_the_sentence_api_says_it_is_unavailable() -> None:
    model = NeuralG2p({"hello": [["HH", "AH0", "L", "OW1"]]})
    module = sys.modules["g2p_en.g2p"]
    with pytest.raises(SentenceApiUnavailable, match=r"only G2p\.predict"):
        module.pos_tag(["hello"])
    with pytest.raises(SentenceApiUnavailable):
        module.word_tokenize("hello there")
    assert model.pronounce(["zorblax"]) == [model.predict("zorblax")]


def test_modules_already_imported_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    real = types.ModuleType("nltk")
    monkeypatch.setitem(sys.modules, "nltk", real)
    monkeypatch.delitem(sys.modules, "nltk.corpus", raising=False)
    with _nltk_stand_in():
        assert sys.modules["nltk"] is not real
        assert "nltk.corpus" in sys.modules
    assert sys.modules["nltk"] is real
    assert "nltk.corpus" not in sys.modules
