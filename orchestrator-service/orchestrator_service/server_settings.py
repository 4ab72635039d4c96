"""Settings of the multi-user server (env prefix ``VOICEMESH_``): database, auth, queue, storage,
retention and per-org limits. Read once at start-up; an invalid value stops it (pydantic)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from voicemesh.localkey import local_key_path
from voicemesh.paths import state_dir


def _default_database_url() -> str:
    return f"sqlite+aiosqlite:///{state_dir() / 'voicemesh.db'}"


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="VOICEMESH_", extra="ignore", validate_default=True
    )

    database_url: str = Field(
        default_factory=_default_database_url,
        description="SQLAlchemy async URL: sqlite+aiosqlite:///PATH (default var/voicemesh.db) "
        "or postgresql+asyncpg://USER:PASS@HOST/DB",
    )
    auth: Literal["on", "off"] = Field(
        default="on", description="off: every request acts as the local admin (loopback only)"
    )
    local_key_file: Path = Field(
        default_factory=local_key_path,
        description="the local admin key `voicemesh up` writes (owner read-only)",
    )
    session_secret: SecretStr | None = Field(
        default=None, description="signs session cookies; default: a random secret in var/"
    )
    session_max_age_s: Annotated[int, Field(ge=60)] = 7 * 24 * 3600
    queue_url: str | None = Field(
        default=None,
        description="redis://HOST:PORT/DB: jobs go to Dramatiq workers; unset: "
        "an in-process worker pool",
    )
    queue_heartbeat_ms: Annotated[int, Field(ge=1000)] = Field(
        default=60_000, description="a Redis worker silent this long is dead; its jobs requeue"
    )
    queue_maintenance_chance: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=1000,
        description="Dramatiq's Redis maintenance (requeueing dead workers' jobs) runs on this "
        "many broker calls per million",
    )
    workers: Annotated[int, Field(ge=0, le=64)] = Field(
        default=2, description="in-process job workers (no queue_url)"
    )
    storage_url: str | None = Field(
        default=None,
        description="s3://BUCKET?endpoint=URL&region=R for an S3-compatible "
        "store; unset: local files under var/storage",
    )
    storage_dir: Path = Field(default_factory=lambda: state_dir() / "storage")
    signed_url_ttl_s: Annotated[int, Field(ge=10, le=7 * 24 * 3600)] = 300
    retention_days: Annotated[float, Field(gt=0)] = Field(
        default=30.0, description="stored uploads and outputs are deleted after this many days"
    )
    jobs_per_minute: Annotated[int, Field(ge=1)] = Field(
        default=30, description="per org; over it POST /jobs answers 429 with Retry-After"
    )
    audio_minutes_per_month: Annotated[float, Field(gt=0)] = Field(
        default=6000.0, description="per org, /process and jobs together; over it 429"
    )

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///PATH or postgresql+asyncpg://…")
        return url

    @field_validator("queue_url")
    @classmethod
    def _redis(cls, url: str | None) -> str | None:
        if url and not url.startswith(("redis://", "rediss://")):
            raise ValueError("only redis:// (Dramatiq's Redis broker) is supported")
        return url or None

    @field_validator("storage_url")
    @classmethod
    def _s3(cls, url: str | None) -> str | None:
        if url and not url.startswith("s3://"):
            raise ValueError("use s3://BUCKET?endpoint=URL, or unset for local files")
        return url or None
