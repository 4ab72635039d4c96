"""Montreal Forced Aligner (MFA 3, MIT licence) behind the alignment interface, for the
GPU/conda image where ``mfa`` (Kaldi underneath) is installed and the ``english_us_arpa``
acoustic model has been downloaded (``mfa model download acoustic english_us_arpa``).

Each request becomes a one-utterance corpus in a temporary folder: the audio as 16 kHz WAV,
a ``.lab`` transcript of per-position word keys (``w0 w1 …``) and a pronunciation dictionary
with exactly the caller's phones for each key (ARPAbet with stress digits, the
``english_us_arpa`` phone set), so MFA cannot pick another pronunciation. ``mfa align``
writes a TextGrid with ``words`` and ``phones`` tiers, read back with praatio.

MFA gives timings only: ``score`` is 0.0 and ``loop_score``/``gop``/``realized`` are None
(no phone loop, no extended recognition network). Words MFA could not place are reported in
``unaligned_words``; an utterance MFA fails on is status ``failed``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from praatio import textgrid

from alignment_service.services.pronunciations import base_phones
from alignment_service.services.response import alignment_response
from alignment_service.settings import AlignmentSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import TARGET_SR, Audio, encode_audio
from voicemesh.contracts.alignment import (
    AlignedPhone,
    AlignedWord,
    AlignmentRequest,
    AlignmentResponse,
    AlignmentWordIn,
)
from voicemesh.contracts.common import EngineInfo
from voicemesh.errors import EngineError

MFA_FRAME_S = 0.01
MFA_TIMEOUT_S = 300


def word_key(index: int) -> str:
    return f"w{index}"


def write_corpus(folder: Path, audio: Audio, words: Sequence[AlignmentWordIn]) -> Path:
    """Write ``corpus/utt.wav``, ``corpus/utt.lab`` and ``dictionary.txt``; returns the
    dictionary path. Raises InvalidRequest for phones outside CMUdict's 39."""
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "utt.wav").write_bytes(encode_audio(audio.resampled(TARGET_SR), "wav"))
    (corpus / "utt.lab").write_text(" ".join(word_key(i) for i in range(len(words))) + "\n")
    lines = []
    for i, word in enumerate(words):
        base_phones(word.phones, where=f"words[{i}].phones")  # validation only
        lines.append(f"{word_key(i)}\t{' '.join(word.phones)}")
    dictionary = folder / "dictionary.txt"
    dictionary.write_text("\n".join(lines) + "\n")
    return dictionary


def read_alignment(
    grid_path: Path, words: Sequence[AlignmentWordIn], duration_s: float
) -> list[AlignedWord]:
    """AlignedWords from an MFA TextGrid (``words`` tier labelled with the word keys,
    ``phones`` tier with the dictionary phones). Words without an interval are unaligned."""
    grid = textgrid.openTextgrid(str(grid_path), includeEmptyIntervals=False)
    word_tier = grid.getTier("words")
    phone_tier = grid.getTier("phones")
    spans = {e.label: (e.start, e.end) for e in word_tier.entries if e.label}
    out = []
    for i, word in enumerate(words):
        span = spans.get(word_key(i))
        if span is None:
            out.append(AlignedWord(text=word.text, start=None, end=None, aligned=False, phones=[]))
            continue
        start, end = span
        inside = [p for p in phone_tier.entries if p.start >= start - 1e-6 and p.end <= end + 1e-6]
        if len(inside) != len(word.phones):
            out.append(AlignedWord(text=word.text, start=None, end=None, aligned=False, phones=[]))
            continue
        phones = [
            AlignedPhone(
                phone=expected,
                start=round(min(p.start, duration_s), 3),
                end=round(min(p.end, duration_s), 3),
                frames=round((p.end - p.start) / MFA_FRAME_S),
                score=0.0,
            )
            for expected, p in zip(word.phones, inside, strict=True)
        ]
        out.append(
            AlignedWord(
                text=word.text,
                start=round(start, 3),
                end=round(min(end, duration_s), 3),
                aligned=True,
                phones=phones,
            )
        )
    return out


class MfaEngine:
    """``MfaEngine(settings, store)``; ``load()`` checks that ``mfa`` runs."""

    blocking = True

    def __init__(self, settings: AlignmentSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        self.info = EngineInfo(name="mfa", model=settings.mfa_acoustic_model, device="cpu")

    def load(self) -> None:
        exe = shutil.which(self.settings.mfa_command)
        if exe is None:
            raise RuntimeError(
                f"{self.settings.mfa_command!r} not found on PATH: the mfa engine needs the "
                "conda image (montreal-forced-aligner)"
            )
        subprocess.run([exe, "version"], check=True, capture_output=True, timeout=120)

    def process(self, request: AlignmentRequest) -> AlignmentResponse:
        assert request.audio_ref is not None
        audio = self.store.load_audio(request.audio_ref, self.settings.audio_limits())
        return self.align(audio, request.words, textgrid=request.textgrid)

    def align(
        self,
        audio: Audio,
        words: Sequence[AlignmentWordIn],
        *,
        substitutions: Mapping[str, Sequence[str]] | None = None,
        textgrid: bool = False,
    ) -> AlignmentResponse:
        """Same contract as the PocketSphinx engine; ``substitutions`` is ignored (no ERN).
        Raises EngineError (500) when ``mfa`` itself crashes or times out."""
        duration_s = audio.duration_s
        with tempfile.TemporaryDirectory(prefix="voicemesh-mfa-") as tmp:
            folder = Path(tmp)
            dictionary = write_corpus(folder, audio, words)
            out_dir = folder / "aligned"
            command = [
                self.settings.mfa_command,
                "align",
                str(folder / "corpus"),
                str(dictionary),
                self.settings.mfa_acoustic_model,
                str(out_dir),
                "--clean",
                "--single_speaker",
                "--output_format",
                "long_textgrid",
                "-j",
                str(self.settings.threads),
                "--temporary_directory",
                str(folder / "mfa_tmp"),
            ]
            try:
                proc = subprocess.run(
                    command, capture_output=True, text=True, timeout=MFA_TIMEOUT_S, check=False
                )
            except subprocess.TimeoutExpired:
                raise EngineError(f"mfa align took longer than {MFA_TIMEOUT_S} s") from None
            grid_path = out_dir / "utt.TextGrid"
            if proc.returncode != 0 and not grid_path.exists():
                raise EngineError(f"mfa align failed: {proc.stderr.strip()[-500:]}")
            aligned = (
                read_alignment(grid_path, words, duration_s)
                if grid_path.exists()
                else [
                    AlignedWord(text=w.text, start=None, end=None, aligned=False, phones=[])
                    for w in words
                ]
            )
        placed_all = all(w.aligned for w in aligned)
        return alignment_response(
            aligned,
            duration_s,
            engine=self.info,
            store=self.store,
            textgrid=textgrid,
            message=None if placed_all else "MFA could not align every word",
        )
