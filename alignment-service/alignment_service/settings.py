"""Settings of alignment-service (env prefix ``ALIGN_``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from voicemesh.mesh import ALIGNMENT
from voicemesh.settings import Port, ServiceSettings, settings_config


class AlignmentSettings(ServiceSettings):
    model_config = settings_config(ALIGNMENT)

    port: Port = ALIGNMENT.port
    engine: Literal["pocketsphinx", "mfa"] = "pocketsphinx"
    ern_max_variants: Annotated[int, Field(ge=0, le=32)] = Field(
        default=12,
        description="most alternative pronunciations per word in the extended recognition "
        "network (each differs from the canonical one by one substituted phone); 0 = no ERN",
    )
    ern_variant_penalty: Annotated[float, Field(ge=0.0, le=500.0)] = Field(
        default=40.0,
        description="nats: how much better (log-likelihood) a one-substitution variant must "
        "fit than the canonical pronunciation before the ERN reports it; higher = fewer, "
        "surer substitutions (tuned on speechocean762, see bench/alignment.py)",
    )
    skip_penalty: Annotated[float, Field(ge=0.0, le=500.0)] = Field(
        default=100.0,
        description="nats charged per skipped word in the fallback network that finds the "
        "words of a cut-off or incomplete reading (run only when strict alignment fails or "
        "squeezes a whole word to the 3-frames-per-phone minimum)",
    )
    mfa_acoustic_model: str = Field(
        default="english_us_arpa", description="MFA acoustic model name (mfa engine only)"
    )
    mfa_command: str = Field(default="mfa", description="MFA executable (mfa engine only)")
