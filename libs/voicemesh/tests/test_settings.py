from __future__ import annotations

import pytest
from pydantic_settings import SettingsConfigDict

from voicemesh.settings import Port, ServiceSettings, SettingsError, load_settings


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_", extra="ignore")
    port: Port = 8123


def test_prefix_and_common_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PORT", "9100")
    monkeypatch.setenv("DEMO_THREADS", "2")
    monkeypatch.setenv("MOCK_MODE", "true")
    monkeypatch.setenv("VOICEMESH_MAX_AUDIO_S", "30")
    s = load_settings(DemoSettings)
    assert (s.port, s.threads, s.mock_mode, s.max_audio_s) == (9100, 2, True, 30.0)


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("DEMO_PORT", "99999"),
        ("DEMO_THREADS", "0"),
        ("MOCK_MODE", "maybe"),
        ("VOICEMESH_LOG_LEVEL", "LOUD"),
    ],
)
def test_invalid_values_stop_start_up_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as info:
        load_settings(DemoSettings)
    assert "DEMO_" in str(info.value) and value in str(info.value)
