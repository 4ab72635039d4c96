"""Structured JSON logging (python-json-logger).

Privacy rule: log metadata only (sizes, durations, counts, codes, timings). Never pass audio,
transcripts, target sentences or feedback text to a logger; :class:`PrivacyFilter` drops the
well-known fields as a second line of defence.
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from voicemesh.requestid import current_request_id

_PRIVATE_FIELDS = frozenset(
    {"text", "transcript", "target_text", "audio", "words", "feedback", "prompt", "api_key"}
)


class ContextFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = current_request_id()
        for field in _PRIVATE_FIELDS:
            if field in record.__dict__:
                record.__dict__[field] = "[redacted]"
        return True


# Libraries whose DEBUG/INFO lines carry request or SQL payloads (bodies, bound parameters:
# target sentences, transcripts, feedback) or per-request noise: WARNING at any service level,
# so VOICEMESH_LOG_LEVEL=DEBUG never writes what a learner said.
PAYLOAD_LOGGERS = (
    "uvicorn.access",
    "httpx",
    "httpx2",
    "httpcore",
    "aiosqlite",
    "asyncpg",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "openai",
    "botocore",
    "boto3",
    "urllib3",
    "multipart",
    "python_multipart",
)


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"levelname": "level", "asctime": "time"},
        )
    )
    handler.addFilter(ContextFilter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in PAYLOAD_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
