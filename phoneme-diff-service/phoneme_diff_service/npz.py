"""Saving and loading the fitted array models (frozen dataclasses of numpy arrays) as .npz."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def save_arrays(model: Any, path: Path) -> None:
    """Every field of ``model`` as float32 in a compressed .npz."""
    arrays: dict[str, Any] = {k: np.asarray(v, np.float32) for k, v in vars(model).items()}
    np.savez_compressed(path, **arrays)


def load_arrays(cls: type[T], path: Path) -> T:
    """``cls`` built from the float64 arrays of ``path``, one per dataclass field. Raises
    FileNotFoundError for a missing file, KeyError for a missing array."""
    with np.load(path) as raw:
        return cls(**{k: raw[k].astype(np.float64) for k in cls.__dataclass_fields__})  # type: ignore[attr-defined]
