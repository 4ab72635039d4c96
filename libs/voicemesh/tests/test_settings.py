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


@pytest.mark.parametrize("var", ["DEMO_PROT", "VOICEMESH_MAX_UPLAOD_MB", "voicemesh_bogus"])
def test_unknown_variables_stop_start_up_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, var: str
) -> None:
    monkeypatch.setenv(var, "1")
    with pytest.raises(SettingsError) as info:
        load_settings(DemoSettings)
    assert var in str(info.value) and "unknown" in str(info.value)


def test_variables_read_elsewhere_and_other_prefixes_are_accepted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOICEMESH_STATE_DIR", "/tmp/x")
    monkeypatch.setenv("ASR_SOMETHING", "1")  # another service's prefix: not ours to judge
    monkeypatch.setenv("VOICEMESH_INTERNAL_TOKEN_FILE", "/tmp/token")
    assert load_settings(DemoSettings).internal_token_file is not None


def test_binding_beyond_loopback_needs_an_explicit_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from voicemesh.serve import serve

    monkeypatch.delenv("VOICEMESH_ALLOW_PUBLIC_BIND", raising=False)
    with pytest.raises(SystemExit, match="VOICEMESH_ALLOW_PUBLIC_BIND"):
        serve("asr", host="0.0.0.0")
