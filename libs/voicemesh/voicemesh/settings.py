"""Settings base (pydantic-settings).

Common settings read ``VOICEMESH_*`` (and ``MOCK_MODE``) so one environment configures the
whole mesh; each service subclass adds its own fields under its own prefix (``ASR_``,
``ALIGN_``, ...). Invalid values, and variables under the service's prefix or ``VOICEMESH_``
that no setting reads (a typo would otherwise be ignored), fail at start-up with a message
naming the variable (see :func:`load_settings`).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from voicemesh import mesh
from voicemesh.audio import AudioLimits
from voicemesh.paths import repo_root

Port = Annotated[int, Field(ge=1, le=65535)]


def _common(name: str) -> AliasChoices:
    return AliasChoices(f"VOICEMESH_{name.upper()}")


def settings_config(service: mesh.AnySpec) -> SettingsConfigDict:
    """A service's settings config: its env prefix from the registry (voicemesh.mesh)."""
    return SettingsConfigDict(env_prefix=service.env_prefix, extra="ignore")


class ServiceSettings(BaseSettings):
    """Fields every service has. Subclasses set ``model_config`` with their ``env_prefix``."""

    model_config = SettingsConfigDict(extra="ignore", validate_default=True, populate_by_name=True)

    host: str = "127.0.0.1"
    port: Port = 8000
    mock_mode: bool = Field(
        default=False, validation_alias=AliasChoices("MOCK_MODE", "VOICEMESH_MOCK_MODE")
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", validation_alias=_common("log_level")
    )
    artifact_dir: Path = Field(
        default_factory=lambda: repo_root() / "var" / "artifacts",
        validation_alias=_common("artifact_dir"),
    )
    fixtures_dir: Path = Field(
        default_factory=lambda: repo_root() / "tests" / "data",
        validation_alias=_common("fixtures_dir"),
    )
    max_upload_mb: Annotated[float, Field(gt=0, le=512)] = Field(
        default=20.0, validation_alias=_common("max_upload_mb")
    )
    max_audio_s: Annotated[float, Field(gt=0, le=3600)] = Field(
        default=60.0, validation_alias=_common("max_audio_s")
    )
    min_audio_s: Annotated[float, Field(ge=0, le=10)] = Field(
        default=0.1, validation_alias=_common("min_audio_s")
    )
    max_json_mb: Annotated[float, Field(gt=0, le=64)] = Field(
        default=4.0, validation_alias=_common("max_json_mb")
    )
    # The mesh's internal token (voicemesh.internal_auth); "off" only for tests and debugging.
    internal_token: SecretStr | None = Field(
        default=None, validation_alias=_common("internal_token")
    )
    internal_token_file: Path | None = Field(
        default=None, validation_alias=_common("internal_token_file")
    )
    internal_auth: Literal["required", "off"] = Field(
        default="required", validation_alias=_common("internal_auth")
    )
    # Binding anything but loopback needs this set (compose sets it inside its networks).
    allow_public_bind: bool = Field(default=False, validation_alias=_common("allow_public_bind"))
    # Engine capacity: how many requests run at once and how many may wait before 503.
    engine_concurrency: Annotated[int, Field(ge=1, le=64)] = 1
    engine_queue: Annotated[int, Field(ge=0, le=10_000)] = 16
    # CPU threads the engine may use. Eight services share the cores: never "all cores".
    threads: Annotated[int, Field(ge=1, le=64)] = 1
    # Where the other services are: ``{name}`` and ``{port}`` from the registry filled into the
    # template (compose: ``http://{name}:{port}``), or one URL per service name (JSON object).
    service_url_template: str = Field(
        default=mesh.LOOPBACK_URL_TEMPLATE,
        pattern=r"^https?://",
        validation_alias=_common("service_url_template"),
    )
    service_urls: dict[str, str] = Field(
        default_factory=dict, validation_alias=_common("service_urls")
    )

    def service_url(self, name: str) -> str:
        """Base URL of the service ``name`` (a registry name, e.g. ``phoneme-map``)."""
        return mesh.service_url(name, self.service_url_template, self.service_urls)

    def audio_limits(self) -> AudioLimits:
        """The audio limits of this service: uploads and artifact references alike."""
        return AudioLimits(
            max_bytes=int(self.max_upload_mb * 1_000_000),
            max_duration_s=self.max_audio_s,
            min_duration_s=self.min_audio_s,
        )


S = TypeVar("S", bound=BaseSettings)


class SettingsError(SystemExit):
    """Raised at start-up when the environment holds an invalid value."""


# VOICEMESH_* variables read outside the services' common settings. One environment configures
# the whole mesh, so every service sees these and must not refuse them. The multi-user
# server's (orchestrator_service.server_settings; a test there keeps this list complete):
SERVER_VARIABLES = frozenset(
    {
        "VOICEMESH_AUDIO_MINUTES_PER_MONTH",
        "VOICEMESH_AUTH",
        "VOICEMESH_DATABASE_URL",
        "VOICEMESH_JOBS_PER_MINUTE",
        "VOICEMESH_LOCAL_KEY_FILE",
        "VOICEMESH_QUEUE_HEARTBEAT_MS",
        "VOICEMESH_QUEUE_MAINTENANCE_CHANCE",
        "VOICEMESH_QUEUE_URL",
        "VOICEMESH_RETENTION_DAYS",
        "VOICEMESH_SESSION_MAX_AGE_S",
        "VOICEMESH_SESSION_SECRET",
        "VOICEMESH_SIGNED_URL_TTL_S",
        "VOICEMESH_STORAGE_DIR",
        "VOICEMESH_STORAGE_URL",
        "VOICEMESH_WORKERS",
    }
)
# The launcher, the CLI, images, compose and tests:
OTHER_VOICEMESH_VARIABLES = SERVER_VARIABLES | {
    "VOICEMESH_STATE_DIR",
    "VOICEMESH_EXIT_WITH_PARENT",
    "VOICEMESH_UPDATE_GOLDEN",
    "VOICEMESH_TAG",
    "VOICEMESH_PORT",
    "VOICEMESH_PUBLIC_URL",
    "VOICEMESH_LOG_MAX_MB",
    "VOICEMESH_LOG_BACKUPS",
    "VOICEMESH_API_KEY",
    "VOICEMESH_ROOT",
    "VOICEMESH_PROMPTS_DIR",
    "VOICEMESH_SERVICE",
    "VOICEMESH_WORKER_THREADS",
}


def known_variables(cls: type[BaseSettings]) -> set[str]:
    """Every environment variable a field of ``cls`` reads (upper case)."""
    prefix = str(cls.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        alias: Any = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.update(str(choice).upper() for choice in alias.choices)
        elif isinstance(alias, str):
            names.add(alias.upper())
        else:
            names.add(f"{prefix}{name}".upper())
    return names


def unknown_variables(cls: type[BaseSettings], environ: Mapping[str, str]) -> list[str]:
    """Variables under ``cls``'s prefix or ``VOICEMESH_`` that nothing reads."""
    prefix = str(cls.model_config.get("env_prefix", "")).upper()
    known = known_variables(cls) | known_variables(ServiceSettings) | OTHER_VOICEMESH_VARIABLES
    ours = [
        var
        for var in environ
        if var.upper().startswith("VOICEMESH_") or (prefix and var.upper().startswith(prefix))
    ]
    return sorted(var for var in ours if var.upper() not in known)


def load_settings(cls: type[S]) -> S:
    """Read settings from the environment or exit with a readable message naming the field
    (an invalid value) or the variable (one that no setting reads)."""
    prefix = cls.model_config.get("env_prefix", "")
    unknown = unknown_variables(cls, os.environ)
    if unknown:
        raise SettingsError(
            f"unknown settings for {cls.__name__} (env prefix {prefix!r}): {', '.join(unknown)}"
            f"; known: {', '.join(sorted(known_variables(cls)))}"
        )
    try:
        return cls()
    except ValidationError as exc:
        lines = [f"invalid settings for {cls.__name__} (env prefix {prefix!r}):"]
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            lines.append(f"  {prefix}{loc.upper()}: {err['msg']} (got {err.get('input')!r})")
        raise SettingsError("\n".join(lines)) from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an IPv4/IPv6 address) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, variable: str) -> None:
    """Raise SettingsError when ``host`` (read from ``variable``) is not loopback and
    ``VOICEMESH_ALLOW_PUBLIC_BIND`` is not true: listening beyond this machine is a choice
    (compose and the Helm chart make it, inside their networks)."""
    allowed = os.environ.get("VOICEMESH_ALLOW_PUBLIC_BIND", "").lower() in ("1", "true", "yes")
    if not allowed and not is_loopback(host):
        raise SettingsError(
            f"{variable}={host} is not loopback: set VOICEMESH_ALLOW_PUBLIC_BIND=true to listen"
            " beyond this machine"
        )
