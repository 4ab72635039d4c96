"""``GET /config`` (admins): the effective configuration, secrets redacted."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.engine import make_url

from orchestrator_service.auth.deps import AdminDep
from orchestrator_service.routers.auth import UNAUTHORIZED
from voicemesh.errors import ErrorBody
from voicemesh.state import service_state

router = APIRouter(tags=["ops"])
_SECRET_NAME = re.compile(r"secret|password|token|key$", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(://[^:/@]+:)[^@]+@")


def redact(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            out[name] = None
        elif _SECRET_NAME.search(name) and not name.endswith("_file"):
            out[name] = "**redacted**"
        elif isinstance(value, str) and "://" in value:
            out[name] = _URL_PASSWORD.sub(r"\1***@", value)
        else:
            out[name] = value
    return out


@router.get(
    "/config",
    responses={**UNAUTHORIZED, 403: {"model": ErrorBody, "description": "not an admin"}},
)
async def get_config(request: Request, _: AdminDep) -> dict[str, Any]:
    """``{"service": {...}, "server": {...}}``: the orchestrator's and the server's settings as
    loaded (passwords in URLs and secrets replaced)."""
    state = request.app.state
    server = redact(state.server.model_dump(mode="json"))
    server["database_url"] = make_url(state.server.database_url).render_as_string(
        hide_password=True
    )
    return {
        "service": redact(service_state(request.app).settings.model_dump(mode="json")),
        "server": server,
        "queue": state.jobs.name,
        "storage": state.storage.describe(),
    }
