"""The WhisperX engine's glue code against a stand-in ``whisperx`` module with the 3.x API
(load_model → pipeline.transcribe, load_align_model, align). The real library runs in
test_asr_whisperx.py on the GPU image; this checks our side everywhere."""

from __future__ import annotations

import dataclasses
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.asr import AsrRequest


@dataclasses.dataclass
class Options:  # the fields of faster_whisper's TranscriptionOptions the engine replaces
    initial_prompt: str | None = None
    max_new_tokens: int | None = None


class FakePipeline:
    def __init__(self, calls: list[tuple[str, Any]]) -> None:
        self.options = Options()
        self.calls = calls

    def transcribe(self, audio: Any, batch_size: int, language: str) -> dict[str, Any]:
        self.calls.append(("transcribe", (self.options, batch_size, language)))
        if float(abs(audio).max()) < 0.02:  # the warm-up noise and silence: nothing decoded
            return {"segments": [], "language": language}
        return {
            "segments": [{"text": " I paid 5 dollars.", "start": 0.1, "end": 0.8}],
            "language": language,
        }


@pytest.fixture
def fake_whisperx(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, Any]]]:
    calls: list[tuple[str, Any]] = []
    module = types.ModuleType("whisperx")

    def load_model(arch: str, device: str, **kwargs: Any) -> FakePipeline:
        calls.append(("load_model", (arch, device, kwargs)))
        return FakePipeline(calls)

    def load_align_model(language_code: str, device: str, model_name: str | None = None) -> Any:
        calls.append(("load_align_model", (language_code, device, model_name)))
        return object(), {"language": language_code}

    def align(segments: Any, model: Any, metadata: Any, audio: Any, device: str, **kw: Any) -> Any:
        calls.append(("align", (device, kw)))
        words = [
            {"word": "I", "start": 0.1, "end": 0.2, "score": 0.9},
            {"word": "paid", "start": 0.2, "end": 0.45, "score": 0.8},
            {"word": "5"},  # digits have no wav2vec2 characters: no times, no score
            {"word": "dollars.", "start": 0.6, "end": 0.8, "score": 0.7},
        ]
        return {"segments": [{**segments[0], "words": words}], "word_segments": words}

    import ctranslate2

    monkeypatch.setattr(ctranslate2, "set_random_seed", lambda seed: calls.append(("seed", seed)))
    module.load_model = load_model  # type: ignore[attr-defined]
    module.load_align_model = load_align_model  # type: ignore[attr-defined]
    module.align = align  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "whisperx", module)
    monkeypatch.delitem(sys.modules, "asr_service.services.whisperx_engine", raising=False)
    yield calls


def test_whisperx_engine_maps_aligned_words_to_the_contract(
    fake_whisperx: list[tuple[str, Any]],
    tmp_path: Path,
    audio_dir: Path,
    make_settings: Callable[..., AsrSettings],
) -> None:
    from asr_service.services import make_engine

    settings = make_settings(
        tmp_path, engine="whisperx", model=str(tmp_path), batch_size=4, device="cuda:1"
    )
    store = ArtifactStore(settings.artifact_dir)
    engine = make_engine(settings, store)
    engine.load()
    arch, device, kwargs = fake_whisperx[0][1]
    assert (arch, device) == (str(tmp_path), "cuda")
    assert kwargs["device_index"] == 1 and kwargs["compute_type"] == "float16"
    assert kwargs["asr_options"]["beam_size"] == settings.beam_size
    assert ("load_align_model", ("en", "cuda", None)) in fake_whisperx

    ref = store.put((audio_dir / "hello-world.wav").read_bytes(), "wav")
    result = engine.process(AsrRequest(audio_ref=ref, initial_prompt="I paid five dollars."))
    options, batch_size, language = next(
        args for name, args in reversed(fake_whisperx) if name == "transcribe"
    )
    assert options.initial_prompt == "I paid five dollars." and options.max_new_tokens
    assert (batch_size, language) == (4, "en")
    from asr_service.services.faster_whisper_engine import SAMPLING_SEED

    transcribed = [i for i, (name, _) in enumerate(fake_whisperx) if name == "transcribe"]
    assert transcribed and all(fake_whisperx[i - 1] == ("seed", SAMPLING_SEED) for i in transcribed)
    assert result.engine.name == "whisperx" and result.engine.device == "cuda:1"
    assert result.transcript == "I paid 5 dollars."
    assert result.normalized_transcript == "i paid five dollars"
    five = result.words[2]
    assert (five.start, five.end, five.confidence) == (0.45, 0.6, 0.5)
    assert [w.start for w in result.words] == sorted(w.start for w in result.words)
