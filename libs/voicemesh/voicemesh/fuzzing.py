"""Property-based fuzzing of a service from its own ``openapi.yaml`` (schemathesis, with
hypothesis generating the requests). Used by tests/test_fuzz_contracts.py (the apps in-process,
MOCK_MODE) and bench/fuzz.py (the real engines over HTTP). Development dependency only: the
services never import this module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hypothesis
import hypothesis.errors
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

# No 5xx; status codes, content types and bodies as documented (so every 4xx is the
# structured error body); schema-violating requests refused.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def fuzz_operations(schema_path: Path, app: Any, examples: int, **call: Any) -> list[str]:
    """Fuzz every operation of the document at ``schema_path``: ``examples`` schema-valid and
    ``examples`` schema-violating requests each, to ``app`` (an ASGI app) or, with ``app``
    None, to ``call["base_url"]`` (``call`` also takes ``headers``). Returns the operations
    fuzzed; a failed check raises (after hypothesis shrank the request). Deterministic
    (``derandomize``), so a failure reproduces."""
    schema = schemathesis.openapi.from_path(schema_path)
    done = []
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            raise result.err()
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.generate, hypothesis.Phase.shrink],
            )
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                if app is not None:
                    case.call_and_validate(app=app, checks=CHECKS, **call)
                else:
                    case.call_and_validate(checks=CHECKS, **call)

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                if mode is GenerationMode.POSITIVE:
                    raise  # negative: no schema-violating request exists (no inputs)
        done.append(operation.label)
    return done
