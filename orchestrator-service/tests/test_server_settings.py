"""The multi-user server's VOICEMESH_ variables are known mesh-wide: every service sees one
environment and refuses variables nothing reads (voicemesh.settings.unknown_variables)."""

from __future__ import annotations

from orchestrator_service.server_settings import ServerSettings
from orchestrator_service.settings import OrchestratorSettings
from voicemesh.settings import SERVER_VARIABLES, ServiceSettings, known_variables, unknown_variables


def test_every_server_variable_is_known_to_every_service() -> None:
    server_only = known_variables(ServerSettings) - known_variables(ServiceSettings)
    assert server_only == SERVER_VARIABLES


def test_an_engine_service_accepts_the_server_variables_and_refuses_a_typo() -> None:
    environ = {name: "x" for name in SERVER_VARIABLES} | {"VOICEMESH_DATABSE_URL": "x"}
    assert unknown_variables(ServiceSettings, environ) == ["VOICEMESH_DATABSE_URL"]
    assert unknown_variables(OrchestratorSettings, environ) == ["VOICEMESH_DATABSE_URL"]
    assert unknown_variables(ServerSettings, environ) == ["VOICEMESH_DATABSE_URL"]
