"""llm-service app factory."""

from __future__ import annotations

from fastapi import FastAPI

from llm_service.routers import chat
from llm_service.services import make_engine
from llm_service.settings import LlmSettings
from voicemesh.app import create_service_app
from voicemesh.contracts.llm import ChatRequest
from voicemesh.settings import load_settings


def create_app(settings: LlmSettings | None = None) -> FastAPI:
    return create_service_app(
        service="llm-service",
        settings=settings or load_settings(LlmSettings),
        make_engine=make_engine,
        routers=[chat.router],
        body_models=[ChatRequest],
        description="An OpenAI-compatible chat-completions endpoint (streaming) in front of a "
        "small instruct model run by llama.cpp: the conversation tutor's LLM, offline.",
    )
