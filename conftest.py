"""Settings for every test folder of the repository."""

from __future__ import annotations

import os

import pytest

# Services built in-process by tests answer the test client without the mesh's internal token;
# a mesh started by a test (voicemesh up) sets VOICEMESH_INTERNAL_AUTH=required and a token.
# Tests of the token itself build their settings with auth required.
os.environ.setdefault("VOICEMESH_INTERNAL_AUTH", "off")


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (``@pytest.mark.anyio``) run on asyncio only."""
    return "asyncio"
