"""Models.load refuses a model folder whose phone pairs disagree on their features, and names a
missing file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from phoneme_diff_service.models import Models
from phoneme_diff_service.settings import MODELS_DIR


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    shutil.copytree(MODELS_DIR, folder)
    return folder


def test_the_shipped_pairs_read_the_same_features() -> None:
    models = Models.load(MODELS_DIR)
    assert models.phone_evidence.reg.feature_name() == models.phone_names
    assert models.phone_evidence.xent.feature_name() == models.phone_names


def test_an_evidence_pair_on_other_features_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    shutil.copy(folder / "word_accuracy.lgb.txt", folder / "phone_evidence.lgb.txt")
    with pytest.raises(ValueError, match="phone models disagree"):
        Models.load(folder)


def test_a_missing_evidence_model_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "phone_evidence_xent.lgb.txt").unlink()
    with pytest.raises(FileNotFoundError, match="phone_evidence_xent"):
        Models.load(folder)
