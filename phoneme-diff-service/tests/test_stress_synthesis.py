"""Synthesised stress errors (phoneme_diff_training/stress_synthesis.py), the weighted fits the
stress model trains them with (stats.py), and the run-time stress rows they are read through
(Assessor.stress_rows)."""

from __future__ import annotations

import numpy as np
import pytest

from phoneme_diff_service.assessor import Assessor, word_specs
from phoneme_diff_service.corpus import CorpusUtterance, CorpusWord, corpus_pronunciations
from phoneme_diff_service.features import matrix
from phoneme_diff_service.lexical import corpus_pronunciation
from phoneme_diff_training.stats import fit_logistic, logistic_oof
from phoneme_diff_training.stress_synthesis import candidate_words, plan, shifted_phones

from .conftest import INFO, pronounce
from .test_phoneme_diff_engine import Align, piper_voice, synthesize

__all__ = ["piper_voice"]  # the fixture, imported for the Piper test below


def _corpus_word(text: str, phones: str) -> CorpusWord:
    return CorpusWord(text=text, phones=tuple(phones.split()))


def test_the_primary_stress_trades_places_with_the_chosen_syllable() -> None:
    def shift(text: str, phones: str, syllable: int) -> list[str]:
        pron = corpus_pronunciation(text, phones.split(), next_word=None, clause_final=True)
        return shifted_phones(pron, syllable)

    assert shift("SUFFICIENT", "S AH0 F IH1 SH N T", 0) == "S AH1 F IH0 SH N T".split()
    # the corpus' two-vowel nucleus /ɪə/ keeps its digit on its first vowel
    assert shift("IDEA", "AY0 D IH AH1", 0) == "AY1 D IH0 AH0".split()
    # a secondary stress moves to where the primary was
    understand = "AH2 N D ER0 S T AE1 N D"
    assert shift("UNDERSTAND", understand, 0) == "AH1 N D ER0 S T AE2 N D".split()
    assert shift("UNDERSTAND", understand, 1) == "AH2 N D ER1 S T AE0 N D".split()
    for bad in (2, 3, -1):  # the primary itself, past the end
        with pytest.raises(ValueError):
            shift("UNDERSTAND", understand, bad)


def test_the_plan_shifts_judged_words_of_distinct_utterances_reproducibly() -> None:
    corpus = [
        CorpusUtterance(
            utt=f"u{i}",
            text="IT WAS A SUFFICIENT ANSWER",
            words=(
                _corpus_word("IT", "IH0 T"),
                _corpus_word("WAS", "W AA0 Z"),
                _corpus_word("A", "AH0"),
                _corpus_word("SUFFICIENT", "S AH0 F IH1 SH N T"),
                _corpus_word("ANSWER", "AE1 N S ER0"),
            ),
        )
        for i in range(6)
    ] + [CorpusUtterance(utt="mono", text="I SEE", words=(_corpus_word("I", "AY1"),))]
    assert candidate_words(corpus_pronunciations(corpus[0])) == [3, 4]
    assert candidate_words(corpus_pronunciations(corpus[-1])) == []
    shifts = plan(corpus, n=4, seed=5)
    assert shifts == plan(corpus, n=4, seed=5)
    assert len(shifts) == 4 and len({s.utt for s in shifts}) == 4
    assert all(s.utt != "mono" and s.word in (3, 4) for s in shifts)
    for s in shifts:  # the shift moves the primary: the other syllable of these two words
        primary = corpus_pronunciations(corpus[0])[s.word].primary_stress_index
        assert s.syllable != primary and s.syllable in (0, 1)


def _toy(n: int = 80) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 2))
    y = (x[:, 0] + rng.normal(scale=1.0, size=n) > 0).astype(float)
    return x, y


def test_row_weights_scale_the_log_loss() -> None:
    x, y = _toy()
    names = ["a", "b"]
    plain = fit_logistic(x, y, names, l2=1.0).predict_proba(x)
    doubled = fit_logistic(x, y, names, l2=2.0, weight=np.full(len(y), 2.0)).predict_proba(x)
    assert np.allclose(plain, doubled, atol=1e-4)
    heavier_positives = fit_logistic(x, y, names, l2=1.0, weight=np.where(y == 1, 3.0, 1.0))
    assert heavier_positives.predict_proba(x).mean() > plain.mean() + 0.05


def test_train_only_rows_shape_every_fold_but_are_never_predicted() -> None:
    x, y = _toy()
    folds = np.arange(len(y)) % 4
    names = ["a", "b"]
    alone = logistic_oof(x, y, folds, names, l2=1.0)
    extra_x = np.vstack([x, np.zeros((40, 2))])
    extra_y = np.concatenate([y, np.ones(40)])  # all positives: they raise every prediction
    extra_folds = np.concatenate([folds, np.full(40, -1)])  # in no fold's test side
    scored = np.arange(len(extra_y)) < len(y)
    joint = logistic_oof(extra_x, extra_y, extra_folds, names, 1.0, np.ones(len(extra_y)), scored)
    assert (joint[~scored] == 0).all()
    assert joint[scored].mean() > alone.mean() + 0.1


def test_the_stress_rows_are_what_the_answer_is_judged_on(
    assessor: Assessor, align: Align, piper_voice: object
) -> None:
    """PHOTOGRAPHY said by Piper with the stress on the first syllable: the model's P(stress
    wrong) from Assessor.stress_rows is the answer's error probability, and higher than for
    the same word said as the dictionary has it."""
    words = pronounce("PHOTOGRAPHY")
    p = {}
    for ipa in ("ˈfoʊtəɡɹæfi", "fətˈɑːɡɹəfi"):
        audio = synthesize(piper_voice, ipa)
        alignment = align(audio, words)
        rows = assessor.stress_rows(word_specs(words, alignment), alignment, audio)
        assert list(rows) == [0]
        models = assessor.models
        p[ipa] = float(models.predict_stress(matrix([rows[0]], models.stress.names))[0])
        verdict = assessor.assess(words, alignment, audio, INFO).words[0].stress
        assert verdict.error_probability == pytest.approx(p[ipa], abs=1e-4)
    assert p["ˈfoʊtəɡɹæfi"] > 2 * p["fətˈɑːɡɹəfi"], p
