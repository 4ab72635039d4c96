"""The fitted models shipped in ``models/`` (written by ``phoneme_diff_training/train.py``).

- ``phone_score.lgb.txt`` — LightGBM regressor (L2): phone features → expert phone score 0–2.
- ``phone_score_xent.lgb.txt`` — LightGBM with cross-entropy on score/2 (the share of expert
  marks that found the phone right); the phone score is the mean of the two (a blend that
  cross-validated better than either, see docs/evaluation.md). The wrong-word copies weigh
  little in these two: they give the phone scores and verdicts of the answer.
- ``phone_evidence.lgb.txt`` / ``phone_evidence_xent.lgb.txt`` — the same pair with the copies
  at full weight: the phone estimates the word and stress models read, so a word read as
  another one still scores low (docs/evaluation.md, step 8).
- ``phone_classifier.npz`` — PCA + softmax over the 39 phones on mean-pooled Whisper base
  encoder vectors (whisper_features.py); its log posteriors are phone-model features.
- ``phone_quality.npz`` — PCA + ridge per canonical phone on the same pooled vectors → an
  estimate of the expert phone score (phone_quality.py); with its context, phone-model features.
- ``word_accuracy.lgb.txt`` — LightGBM regressor: word features + phone predictions → 0–10.
- ``nucleus_stress.npz`` — PCA + logistic regression on the pooled Whisper vector and vowel
  identity of a syllable nucleus → log-odds that it carries primary stress (nucleus_stress.py);
  its per-syllable log-odds are stress-model features.
- ``stress_error.json`` — logistic regression (standardised features, coefficients) and
  ``stress_error.lgb.txt`` — LightGBM, both fitted on the share of experts who marked the
  word's stress wrong: stress features → P(stress wrong) is the mean of the two.
- ``monosyllable_stress.json`` — logistic regression on the same share for the words the stress
  model does not score (one-syllable words, weak forms; stress_inputs.py) → their P(stress
  wrong), which only lowers their stress score.
- ``vowel_durations.json`` — intrinsic vowel durations (see durations.py).
- ``manifest.json`` — feature names and thresholds chosen in cross-validation.

All fitted on the speechocean762 training subset only (Zhang et al., Interspeech 2021,
CC BY 4.0); see models/README.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from phoneme_diff_service.durations import VowelDurations
from phoneme_diff_service.nucleus_stress import NucleusStressClassifier
from phoneme_diff_service.phone_quality import PhoneQualityProbe
from phoneme_diff_service.whisper_features import PhoneClassifier


@dataclass(frozen=True)
class LogisticModel:
    """P(y=1 | x) = σ(b + Σ wᵢ (xᵢ − μᵢ)/σᵢ); NaN inputs are replaced by μᵢ (contribute 0)."""

    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        z = np.where(np.isfinite(z), z, 0.0)
        return 1.0 / (1.0 + np.exp(-(z @ self.coef + self.intercept)))

    def to_json(self) -> dict[str, Any]:
        return {
            "names": self.names,
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LogisticModel:
        return cls(
            list(raw["names"]),
            np.array(raw["mean"], dtype=float),
            np.array(raw["scale"], dtype=float),
            np.array(raw["coef"], dtype=float),
            float(raw["intercept"]),
        )


def blend_phone(reg: np.ndarray, share: np.ndarray) -> np.ndarray:
    """A phone pair's score, expert scale 0–2: the mean of the L2 model's score and twice the
    cross-entropy model's share, clipped (the blend docs/evaluation.md, step 4, measures)."""
    return np.clip(0.5 * (reg + 2.0 * share), 0.0, 2.0)


def booster(path: Path) -> lgb.Booster:
    """A LightGBM text model; raises FileNotFoundError naming ``path`` when it is missing
    (LightGBM's own error is a generic LightGBMError)."""
    if not path.is_file():
        raise FileNotFoundError(f"model file missing: {path}")
    return lgb.Booster(model_file=str(path))


@dataclass(frozen=True)
class PhoneScorer:
    """An L2 and a cross-entropy LightGBM on the same phone features; their mean is the
    expert-scale phone score 0–2."""

    reg: lgb.Booster
    xent: lgb.Booster

    @classmethod
    def load(cls, reg_file: Path, xent_file: Path, names: list[str] | None = None) -> PhoneScorer:
        """Raises FileNotFoundError; ValueError when the two (or ``names``) disagree on the
        features."""
        reg, xent = booster(reg_file), booster(xent_file)
        if xent.feature_name() != reg.feature_name() or names not in (None, reg.feature_name()):
            raise ValueError(
                "phone models disagree on their features; re-run phoneme_diff_training.train"
            )
        return cls(reg, xent)

    def predict(self, x: np.ndarray, threads: int = 1) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        reg = np.asarray(self.reg.predict(x, num_threads=threads))
        return blend_phone(reg, np.asarray(self.xent.predict(x, num_threads=threads)))


@dataclass(frozen=True)
class Models:
    phone: PhoneScorer
    phone_names: list[str]
    phone_evidence: PhoneScorer
    phone_classifier: PhoneClassifier
    phone_quality: PhoneQualityProbe
    word: lgb.Booster
    word_names: list[str]
    stress: LogisticModel
    stress_gbm: lgb.Booster
    nucleus_stress: NucleusStressClassifier
    monosyllable_stress: LogisticModel
    durations: VowelDurations
    manifest: dict[str, Any]
    threads: int = 1

    @classmethod
    def load(cls, folder: Path, threads: int = 1) -> Models:
        """Load every model file; raises FileNotFoundError naming the missing file."""
        manifest = json.loads((folder / "manifest.json").read_text())
        phone = PhoneScorer.load(
            folder / "phone_score.lgb.txt", folder / "phone_score_xent.lgb.txt"
        )
        names = phone.reg.feature_name()
        evidence = PhoneScorer.load(
            folder / "phone_evidence.lgb.txt", folder / "phone_evidence_xent.lgb.txt", names
        )
        phone_classifier = PhoneClassifier.load(folder / "phone_classifier.npz")
        word = booster(folder / "word_accuracy.lgb.txt")
        stress = LogisticModel.from_json(json.loads((folder / "stress_error.json").read_text()))
        stress_gbm = booster(folder / "stress_error.lgb.txt")
        if stress_gbm.feature_name() != stress.names:
            raise ValueError(
                "stress models disagree on their features; re-run phoneme_diff_training.train"
            )
        durations = VowelDurations.load(folder / "vowel_durations.json")
        return cls(
            phone=phone,
            phone_names=names,
            phone_evidence=evidence,
            phone_classifier=phone_classifier,
            phone_quality=PhoneQualityProbe.load(folder / "phone_quality.npz"),
            word=word,
            word_names=word.feature_name(),
            stress=stress,
            stress_gbm=stress_gbm,
            nucleus_stress=NucleusStressClassifier.load(folder / "nucleus_stress.npz"),
            monosyllable_stress=LogisticModel.from_json(
                json.loads((folder / "monosyllable_stress.json").read_text())
            ),
            durations=durations,
            manifest=manifest,
            threads=threads,
        )

    def predict_phone(self, x: np.ndarray) -> np.ndarray:
        """The answer's expert-scale phone scores 0–2, one per row of ``phone_names`` columns."""
        return self.phone.predict(x, self.threads)

    def predict_phone_evidence(self, x: np.ndarray) -> np.ndarray:
        """The phone estimates 0–2 the word and stress models read (same rows)."""
        return self.phone_evidence.predict(x, self.threads)

    def predict_word(self, x: np.ndarray) -> np.ndarray:
        """Expert-scale word accuracy 0–10 (clipped)."""
        if len(x) == 0:
            return np.zeros(0)
        return np.clip(np.asarray(self.word.predict(x, num_threads=self.threads)), 0.0, 10.0)

    def predict_stress(self, x: np.ndarray) -> np.ndarray:
        """P(stress wrong) 0–1 per row of ``stress.names`` columns: mean of the logistic and
        the LightGBM model."""
        if len(x) == 0:
            return np.zeros(0)
        gbm = np.asarray(self.stress_gbm.predict(x, num_threads=self.threads))
        return np.clip(0.5 * (self.stress.predict_proba(x) + gbm), 0.0, 1.0)
