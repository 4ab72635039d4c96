"""The PocketSphinx engine on real speech: timings, GOP, ERN, failure handling, TextGrid."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from praatio import textgrid
from pydantic import ValidationError

from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
from alignment_service.settings import AlignmentSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignmentResponse, AlignmentWordIn
from voicemesh.errors import InvalidRequest

MALE = "adult-male-but-again-he-has-made-a-very-clear-statement.wav"
FRAME_S = 0.01
TABLE = AlignmentWordIn(text="TABLE", phones=["T", "EY1", "B", "AH0", "L"])


def mean_gop(response: AlignmentResponse, index: int) -> float:
    gops = [p.gop for p in response.words[index].phones]
    assert all(g is not None for g in gops)
    return float(np.mean([g for g in gops if g is not None]))


@pytest.mark.parametrize(
    "clip",
    [
        "adult-female-so-you-want-to-be-more-productive.wav",
        MALE,
        "child-male-mandy-has-a-big-arm.wav",
        "adult-female-stress-error-it-was-a-sufficient-answer.wav",
        "hello-world.wav",
        "noise-test.wav",
    ],
)
def test_phones_are_contiguous_ordered_and_inside_the_audio(
    engine: PocketSphinxEngine,
    clip: str,
    clip_words: dict[str, list[AlignmentWordIn]],
    load_clip: Callable[[str], Audio],
) -> None:
    audio = load_clip(clip)
    words = clip_words[clip]
    response = engine.align(audio, words)

    assert response.status == "ok" and response.unaligned_words == []
    assert response.duration_s == pytest.approx(audio.duration_s, abs=0.01)
    assert [w.text for w in response.words] == [w.text for w in words]
    previous_end = 0.0
    for word, expected in zip(response.words, words, strict=True):
        assert word.aligned and word.start is not None and word.end is not None
        assert [p.phone for p in word.phones] == expected.phones
        assert word.start >= previous_end - 1e-9
        assert word.start == word.phones[0].start and word.end == word.phones[-1].end
        for a, b in zip(word.phones, word.phones[1:], strict=False):
            assert a.end == pytest.approx(b.start)  # contiguous inside a word
        for phone in word.phones:
            assert 0.0 <= phone.start < phone.end <= response.duration_s
            assert phone.frames >= 3  # 3-state HMM minimum
            assert phone.end - phone.start == pytest.approx(phone.frames * FRAME_S, abs=0.011)
            assert phone.gop is not None and math.isfinite(phone.gop)
            assert phone.loop_score is not None
            assert phone.gop == pytest.approx(
                (phone.score - phone.loop_score) / phone.frames, abs=1e-3
            )
        assert word.score == pytest.approx(sum(p.score for p in word.phones), abs=0.05)
        previous_end = word.end


def test_a_wrong_word_gets_a_clearly_lower_gop(
    engine: PocketSphinxEngine,
    clip_words: dict[str, list[AlignmentWordIn]],
    load_clip: Callable[[str], Audio],
) -> None:
    audio = load_clip(MALE)
    right = clip_words[MALE]
    clear = [w.text for w in right].index("CLEAR")
    wrong = [*right[:clear], TABLE, *right[clear + 1 :]]

    with_right = engine.align(audio, right, substitutions={})
    with_wrong = engine.align(audio, wrong, substitutions={})

    assert with_wrong.status == "ok"
    # nats per frame: the swapped word is several nats/frame worse than the real one ...
    assert mean_gop(with_wrong, clear) < mean_gop(with_right, clear) - 3.0
    # ... and worse than every correctly transcribed word of the same clip.
    others = [mean_gop(with_wrong, i) for i in range(len(wrong)) if i != clear]
    assert mean_gop(with_wrong, clear) < min(others)


def test_ern_reports_the_phone_the_speaker_said(
    engine: PocketSphinxEngine, load_clip: Callable[[str], Audio]
) -> None:
    # hello-world.wav says /həˈloʊ wɝld/; tell the aligner the learner was meant to say
    # "R" in HELLO and "V" in WORLD: the default L2 list offers L for R and W for V.
    audio = load_clip("hello-world.wav")
    words = [
        AlignmentWordIn(text="HELLO", phones=["HH", "AH0", "R", "OW1"]),
        AlignmentWordIn(text="WORLD", phones=["V", "ER1", "L", "D"]),
    ]
    response = engine.align(audio, words)

    hello, world = response.words
    assert hello.phones[2].phone == "R" and hello.phones[2].realized == "L"
    assert world.phones[0].phone == "V" and world.phones[0].realized == "W"
    # Phones whose canonical form won report themselves; phones without alternatives None.
    assert world.phones[2].realized == "L" and world.phones[3].realized == "D"
    assert hello.phones[0].realized is None  # HH has no alternatives in the default list


def test_ern_keeps_the_canonical_phone_when_it_was_said(
    engine: PocketSphinxEngine,
    clip_words: dict[str, list[AlignmentWordIn]],
    load_clip: Callable[[str], Audio],
) -> None:
    response = engine.align(load_clip("hello-world.wav"), clip_words["hello-world.wav"])
    realized = {p.phone: p.realized for w in response.words for p in w.phones}
    assert realized["W"] == "W" and realized["L"] == "L"


def test_request_substitutions_replace_the_default_list(
    engine: PocketSphinxEngine, load_clip: Callable[[str], Audio]
) -> None:
    audio = load_clip("hello-world.wav")
    words = [
        AlignmentWordIn(text="HELLO", phones=["HH", "AH0", "L", "OW1"]),
        AlignmentWordIn(text="WORLD", phones=["V", "ER1", "L", "D"]),
    ]
    custom = engine.align(audio, words, substitutions={"V": ["W"]})
    assert [p.realized for p in custom.words[1].phones] == ["W", None, None, None]
    assert all(p.realized is None for p in custom.words[0].phones)
    none = engine.align(audio, words, substitutions={})
    assert all(p.realized is None for w in none.words for p in w.phones)
    # The ERN is a second pass: timings and GOP describe the expected phones either way.
    assert [p.start for p in custom.words[1].phones] == [p.start for p in none.words[1].phones]


@pytest.mark.parametrize("level", [0.0, 1e-4])
def test_silence_fails_with_a_structured_status(
    engine: PocketSphinxEngine, clip_words: dict[str, list[AlignmentWordIn]], level: float
) -> None:
    noise = level * np.random.default_rng(7).standard_normal(32_000)
    response = engine.align(Audio(noise.astype(np.float32), 16_000), clip_words[MALE])
    assert response.status == "failed"
    assert response.unaligned_words == list(range(len(clip_words[MALE])))
    assert all(not w.aligned and w.phones == [] and w.start is None for w in response.words)
    assert response.message


def test_a_cut_off_reading_is_partial(
    engine: PocketSphinxEngine,
    clip_words: dict[str, list[AlignmentWordIn]],
    load_clip: Callable[[str], Audio],
) -> None:
    audio = load_clip(MALE)
    cut = Audio(audio.samples[: int(3.2 * audio.sample_rate)], audio.sample_rate)  # mid "CLEAR"
    response = engine.align(cut, clip_words[MALE])
    assert response.status == "partial"
    assert response.unaligned_words == [8]  # STATEMENT was never said
    assert response.words[7].aligned and response.words[7].end is not None
    assert response.words[7].end <= cut.duration_s


def test_a_word_that_was_not_said_is_unaligned(
    engine: PocketSphinxEngine,
    clip_words: dict[str, list[AlignmentWordIn]],
    load_clip: Callable[[str], Audio],
) -> None:
    words = clip_words[MALE]
    with_extra = [*words[:4], TABLE, *words[4:]]
    response = engine.align(load_clip(MALE), with_extra)
    assert response.status == "partial" and response.unaligned_words == [4]
    assert [w.text for w in response.words if w.aligned] == [w.text for w in words]


def test_results_are_deterministic(
    engine: PocketSphinxEngine,
    clip_words: dict[str, list[AlignmentWordIn]],
    load_clip: Callable[[str], Audio],
) -> None:
    clip = "child-male-mandy-has-a-big-arm.wav"
    first = engine.align(load_clip(clip), clip_words[clip])
    engine.align(load_clip(MALE), clip_words[MALE])  # another utterance in between
    assert engine.align(load_clip(clip), clip_words[clip]) == first


def test_phones_outside_the_phone_set_are_rejected(
    engine: PocketSphinxEngine, load_clip: Callable[[str], Audio]
) -> None:
    with pytest.raises(InvalidRequest, match="AX"):
        # The contract refuses "AX" too; the engine's own check is the second line of defence.
        word = AlignmentWordIn.model_construct(text="A", phones=["AX"])
        with pytest.raises(ValidationError):
            AlignmentWordIn(text="A", phones=["AX"])
        engine.align(load_clip("hello-world.wav"), [word])


def test_textgrid_round_trips_through_praatio(
    engine: PocketSphinxEngine,
    clip_words: dict[str, list[AlignmentWordIn]],
    load_clip: Callable[[str], Audio],
) -> None:
    clip = "child-male-mandy-has-a-big-arm.wav"
    response = engine.align(load_clip(clip), clip_words[clip], textgrid=True)
    assert response.textgrid_ref is not None and response.textgrid_ref.endswith(".TextGrid")

    grid = textgrid.openTextgrid(
        str(engine.store.path(response.textgrid_ref)), includeEmptyIntervals=False
    )
    assert list(grid.tierNames) == ["words", "phones"]
    assert grid.maxTimestamp == pytest.approx(response.duration_s)
    words = grid.getTier("words").entries
    assert [(e.label, e.start, e.end) for e in words] == [
        (w.text, pytest.approx(w.start), pytest.approx(w.end)) for w in response.words
    ]
    phones = grid.getTier("phones").entries
    assert [e.label for e in phones] == [p.phone for w in response.words for p in w.phones]


EPENTHESIS = "child-male-epenthesis-and-is-going-to-see-duck.wav"
EPENTHESIS_WORDS = [
    AlignmentWordIn(text=text, phones=phones.split())
    for text, phones in [
        ("AND", "AE1 N D"),
        ("IS", "IH1 Z"),
        ("GOING", "G OW1 IH0 NG"),
        ("TO", "T UW1"),
        ("SEE", "S IY1"),
        ("DUCK", "D AH1 K"),
    ]
]


@pytest.fixture(scope="module")
def epenthesis_engine(
    make_settings: Callable[..., AlignmentSettings], store: ArtifactStore
) -> PocketSphinxEngine:
    loaded = PocketSphinxEngine(make_settings(store.root, epenthesis=True), store)
    loaded.load()
    return loaded


def test_a_vowel_added_after_the_final_consonant_is_inserted(
    epenthesis_engine: PocketSphinxEngine,
    engine: PocketSphinxEngine,
    load_clip: Callable[[str], Audio],
) -> None:
    """Every expert heard something added after AND, four a vowel (``AE0 N D [ AX0 ]``); the
    default engine (epenthesis off) reports nothing inserted."""
    audio = load_clip(EPENTHESIS)
    result = epenthesis_engine.align(audio, EPENTHESIS_WORDS)
    word = result.words[0]
    assert word.text == "AND" and len(word.inserted) == 1
    vowel = word.inserted[0]
    assert vowel.phone == "AH0" and vowel.frames >= 12
    assert word.phones[-1].start <= vowel.start < vowel.end <= audio.duration_s
    assert word.end is not None and vowel.start <= word.end + 0.2
    assert [p.phone for p in word.phones] == ["AE1", "N", "D"]  # the expected phones stay
    assert not any(w.inserted for w in result.words[1:])
    assert not any(w.inserted for w in engine.align(audio, EPENTHESIS_WORDS).words)


def test_no_vowel_is_inserted_in_a_clip_the_experts_marked_perfect(
    epenthesis_engine: PocketSphinxEngine,
    load_clip: Callable[[str], Audio],
    clip_words: dict[str, list[AlignmentWordIn]],
) -> None:
    name = "adult-female-so-you-want-to-be-more-productive.wav"
    result = epenthesis_engine.align(load_clip(name), clip_words[name])
    assert result.status == "ok" and not any(w.inserted for w in result.words)
