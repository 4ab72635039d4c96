"""llm-service: the subset of OpenAI's chat-completions API that the tutor uses.

Shapes follow the OpenAI API reference (``POST /v1/chat/completions``), so the ``openai`` client
and any OpenAI-compatible server (Ollama, vLLM, llama.cpp's own server, OpenAI, Gemini's
endpoint) are interchangeable behind ``ORCHESTRATOR_LLM_URL``. Unknown request fields are
ignored, as OpenAI-compatible servers do, rather than rejected.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from voicemesh.contracts.common import Contract


class ChatMessage(Contract):
    role: Literal["system", "user", "assistant"]
    content: str = Field(max_length=20_000)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str = Field(default="", description="ignored: the service serves one model")
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    max_tokens: int | None = Field(default=None, ge=1, le=4096)
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    stream: bool = Field(default=False, description="server-sent events, one chunk per token")


class ChatChoice(Contract):
    index: int = 0
    message: ChatMessage
    finish_reason: Literal["stop", "length"] | None


class Usage(Contract):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(Contract):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int = Field(description="Unix time, s")
    model: str
    choices: list[ChatChoice]
    usage: Usage | None = None


class ModelCard(Contract):
    id: str
    object: Literal["model"] = "model"
    owned_by: str = "voicemesh"


class ModelList(Contract):
    object: Literal["list"] = "list"
    data: list[ModelCard]
