"""The real default engine (faster-whisper, bundled Whisper base) on real speech and silence."""

from __future__ import annotations

from pathlib import Path

import jiwer
import numpy as np
import pytest

from asr_service.services.faster_whisper_engine import FasterWhisperEngine, token_budget
from asr_service.services.text_normalization import normalize_text
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio, encode_audio
from voicemesh.contracts.asr import AsrRequest, AsrResponse
from voicemesh.errors import AudioDecodeError, InvalidRequest
from voicemesh.testing import assert_load_holds_blas_to_one_thread

pytestmark = pytest.mark.slow

# CTranslate2's int8 kernels differ by CPU, so Whisper's transcript of a hard L2 clip is
# deterministic only per CPU: the stress-error clip reads "it was a sufficient answer" on the AMD
# EPYC of docs/benchmarks.md and "Aerosis sufficient answer." on an Intel Xeon (WER 0.6, CER 0.27).
# So each real clip is held to a character-level bound (a misheard word that sounds alike moves
# CER little), and word-level accuracy is held over the L2 clips together.
# Measured on the Intel Xeon: per-clip CER ≤ 0.27, mean WER 0.20 over the five L2 clips; Whisper
# base's WER on 686 speechocean762 clips is 33 % (bench/asr.py).
L2_CER_BOUND = 0.45
L2_MEAN_WER_BOUND = 0.35
SYNTHETIC_WER_BOUND = 0.0  # clean TTS "Hello world." must come out exactly
L2_CLIPS = (
    "adult-female-so-you-want-to-be-more-productive.wav",
    "adult-male-but-again-he-has-made-a-very-clear-statement.wav",
    "child-male-mandy-has-a-big-arm.wav",
    "adult-female-stress-error-it-was-a-sufficient-answer.wav",
    "noise-test.wav",
)


def transcribe(engine: FasterWhisperEngine, store: ArtifactStore, path: Path, **kw: object):  # type: ignore[no-untyped-def]
    ref = store.put(path.read_bytes(), path.suffix.lstrip("."))
    return engine.process(AsrRequest(audio_ref=ref, **kw))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def transcripts(
    engine: FasterWhisperEngine, store: ArtifactStore, audio_dir: Path
) -> dict[str, AsrResponse]:
    """Each test clip transcribed once."""
    return {
        name: transcribe(engine, store, audio_dir / name) for name in (*L2_CLIPS, "hello-world.wav")
    }


def _hypothesis(result: AsrResponse) -> str:
    return result.normalized_transcript or "<empty>"


@pytest.mark.parametrize("name", ["hello-world.wav", *L2_CLIPS])
def test_transcript_is_close_to_what_was_said(
    transcripts: dict[str, AsrResponse], clips: dict[str, str], name: str
) -> None:
    """Deterministic per CPU only (see L2_CER_BOUND): each clip's bound has a wide margin."""
    result = transcripts[name]
    reference = normalize_text(clips[name])
    if name == "hello-world.wav":
        wer = jiwer.wer(reference, _hypothesis(result))
        assert wer <= SYNTHETIC_WER_BOUND, (result.transcript, wer)
    else:
        cer = jiwer.cer(reference, _hypothesis(result))
        assert cer <= L2_CER_BOUND, (result.transcript, cer)
    assert not result.no_speech
    assert result.language == "en"
    assert result.engine.name == "faster-whisper"

    words = result.words
    assert result.normalized_transcript == " ".join(w.normalized for w in words)
    assert all(w.text == w.text.strip() and w.text[-1] not in ".,!?" for w in words)
    assert all(w.normalized == w.normalized.lower() for w in words)
    assert all(0.0 <= w.start < w.end <= result.duration_s for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)
    assert all(0.0 <= w.confidence <= 1.0 for w in words)


def test_word_error_rate_over_the_l2_clips(
    transcripts: dict[str, AsrResponse], clips: dict[str, str]
) -> None:
    """Mean WER over the five L2 clips: the word-level check that holds on any x86-64 CPU."""
    wers = {
        name: jiwer.wer(normalize_text(clips[name]), _hypothesis(transcripts[name]))
        for name in L2_CLIPS
    }
    assert sum(wers.values()) / len(wers) <= L2_MEAN_WER_BOUND, wers


@pytest.mark.parametrize(
    "samples",
    [
        np.zeros(32_000, dtype=np.float32),
        np.random.default_rng(7).normal(0.0, 0.003, 32_000).astype(np.float32),
        np.random.default_rng(8).normal(0.0, 0.05, 32_000).astype(np.float32),
    ],
    ids=["digital-silence", "low-noise", "loud-noise"],
)
def test_no_speech_gives_an_empty_transcript(
    engine: FasterWhisperEngine, store: ArtifactStore, samples: np.ndarray
) -> None:
    ref = store.put(encode_audio(Audio(samples, 16_000), "wav"), "wav")
    result = engine.process(AsrRequest(audio_ref=ref))
    assert result.no_speech
    assert result.transcript == "" and result.normalized_transcript == "" and result.words == []
    assert result.duration_s == pytest.approx(2.0)


def test_initial_prompt_is_accepted(
    engine: FasterWhisperEngine, store: ArtifactStore, audio_dir: Path
) -> None:
    result = transcribe(
        engine,
        store,
        audio_dir / "child-male-mandy-has-a-big-arm.wav",
        initial_prompt="Mandy has a big arm.",
    )
    assert result.normalized_transcript.startswith("mandy has a big")


def test_unknown_language_is_a_422(
    engine: FasterWhisperEngine, store: ArtifactStore, audio_dir: Path
) -> None:
    with pytest.raises(InvalidRequest, match="language"):
        transcribe(engine, store, audio_dir / "hello-world.wav", language="xx")


def test_undecodable_artifact_is_rejected(
    engine: FasterWhisperEngine, store: ArtifactStore
) -> None:
    ref = store.put(b"RIFF but not really a wave file", "wav")
    with pytest.raises(AudioDecodeError):
        engine.process(AsrRequest(audio_ref=ref))


def test_token_budget_grows_with_duration_and_is_capped() -> None:
    assert token_budget(1.0) < token_budget(4.0) < token_budget(20.0)
    assert token_budget(600.0) == token_budget(30.0) <= 220


def test_longest_allowed_prompt_fits_the_decoder_window(
    engine: FasterWhisperEngine, store: ArtifactStore, audio_dir: Path
) -> None:
    """A 1000-character prompt (the contract's limit) plus the token budget stays under
    Whisper's 448-token context: no decoder error."""
    prompt = ("so you want to be more productive " * 40)[:1000]
    result = transcribe(
        engine,
        store,
        audio_dir / "adult-female-so-you-want-to-be-more-productive.wav",
        initial_prompt=prompt,
    )
    assert result.words


def test_the_loaded_engine_holds_blas_to_its_thread_budget(tmp_path: Path) -> None:
    """numpy's BLAS (the log-mel filterbank) would otherwise run a thread per core."""
    engine = "asr_service.services.faster_whisper_engine:FasterWhisperEngine"
    assert_load_holds_blas_to_one_thread(
        engine, "asr_service.settings:AsrSettings", "ASR_", tmp_path
    )
