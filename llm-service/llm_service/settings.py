"""Settings of llm-service (env prefix ``LLM_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from voicemesh.settings import Port, ServiceSettings


class LlmSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LLM_", extra="ignore")

    port: Port = 8008
    engine: Literal["llama"] = "llama"
    model_path: Path | None = Field(
        default=None,
        description="a GGUF file; empty: the bundled Qwen2.5-Coder-0.5B-Instruct Q4_K_M",
    )
    model_name: str = Field(default="qwen2.5-0.5b-instruct", description="name in /v1/models")
    # One thread: on 2 cores shared with eight services, llama.cpp's OpenMP threads spin-wait
    # for each other; measured under load, 2 threads decoded 0.3 tokens/s, 1 thread 5.9.
    threads: Annotated[int, Field(ge=1, le=64)] = 1
    n_ctx: Annotated[int, Field(ge=256, le=32_768)] = 2048
    max_tokens: Annotated[int, Field(ge=1, le=4096)] = 256  # cap on a request's max_tokens
    engine_queue: Annotated[int, Field(ge=0, le=10_000)] = 4
