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
    epenthesis: bool = Field(
        default=False,
        description="look for a vowel added after a word's final consonant (epenthesis) and "
        "report it in `inserted`; off by default: on the speechocean762 train split only "
        "26 % of its reports match an expert's mark (docs/evaluation.md)",
    )
    epenthesis_penalty: Annotated[float, Field(ge=0.0, le=500.0)] = Field(
        default=40.0,
        description="nats: how much better the word with a vowel (AH) after its final "
        "consonant must fit than the word as expected before the vowel is a candidate; "
        "higher = fewer, surer insertions",
    )
    epenthesis_min_frames: Annotated[int, Field(ge=3, le=100)] = Field(
        default=12,
        description="10 ms frames the candidate vowel must last to be reported",
    )
    epenthesis_min_gop: float | None = Field(
        default=None,
        description="GOP (nats per 10 ms frame) the candidate vowel must reach; None = no floor"
        " (defaults chosen by speaker-disjoint CV on the speechocean762 train split, "
        "bench/epenthesis.py)",
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
