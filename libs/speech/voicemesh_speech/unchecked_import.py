"""Import a library that decorates its functions with typeguard's ``@typechecked``, without
the run-time checks.

typeguard 4's ``@typechecked`` re-reads each decorated function's source, rewrites its AST and
compiles it again, at import. inflect 7 decorates its whole public API, so ``import inflect``
costs ≈ 1.5 s of CPU at every start of phoneme-map and ASR. Under ``python -O`` typeguard
makes the decorator the identity (its documented behaviour, typeguard/_decorators.py); this
module does the same for one import only, leaving typeguard untouched for everything else.
The functions compute the same results; only a call with arguments of the wrong type would
fail differently (with the library's own error instead of ``TypeCheckError``), and our calls
are checked by mypy.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any


def _identity(target: Any = None, **_options: Any) -> Any:
    """``@typechecked`` and ``@typechecked(...)`` as no-ops."""
    return target if target is not None else (lambda decorated: decorated)


def import_unchecked(name: str) -> ModuleType:
    """``importlib.import_module(name)`` with typeguard's ``typechecked`` as the identity
    while the module is first imported; an already imported module is returned as it is."""
    if name in sys.modules:
        return sys.modules[name]
    import typeguard

    checked = typeguard.typechecked
    typeguard.typechecked = _identity  # type: ignore[assignment]
    try:
        return importlib.import_module(name)
    finally:
        typeguard.typechecked = checked
