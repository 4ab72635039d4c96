"""Settings base (pydantic-settings).

Common settings read ``VOICEMESH_*`` (and ``MOCK_MODE``) so one environment configures the
whole mesh; each service subclass adds its own fields under its own prefix (``ASR_``,
``ALIGN_``, ...). Invalid values fail at start-up with pydantic's explicit message
(see :func:`load_settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import AliasChoices, Field, ValidationError
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


def load_settings(cls: type[S]) -> S:
    """Read settings from the environment or exit with a readable message naming the field."""
    try:
        return cls()
    except ValidationError as exc:
        prefix = cls.model_config.get("env_prefix", "")
        lines = [f"invalid settings for {cls.__name__} (env prefix {prefix!r}):"]
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            lines.append(f"  {prefix}{loc.upper()}: {err['msg']} (got {err.get('input')!r})")
        raise SettingsError("\n".join(lines)) from None
