"""Request bodies: one dependency that accepts JSON or multipart for any contract.

Multipart: every uploaded file is validated and stored as 16 kHz mono WAV in the artifact store
(:func:`voicemesh.audio.as_stored_wav`), and its id fills ``<field>_ref`` (several
files under one field fill ``<field>_refs``); other form fields fill the model's fields, JSON
values (``[``/``{``) parsed. JSON: the body is the model. Either way validation errors become a
422 ``validation_error`` with the failing fields named.

Limits: the whole body is capped while it streams (:class:`voicemesh.limits.BodySizeLimit`);
a multipart body holds at most :data:`MAX_FILES` files (unless the route allows more), :data:`MAX_FIELDS` fields and
:data:`MAX_PART_BYTES` per non-file field; a JSON body at most ``VOICEMESH_MAX_JSON_MB`` and
:data:`voicemesh.limits.MAX_JSON_DEPTH` levels of nesting.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from voicemesh.audio import AudioLimits, as_stored_wav
from voicemesh.errors import (
    BadRequest,
    InvalidRequest,
    PayloadTooLarge,
    UnsupportedMediaType,
    VoiceMeshError,
    describe_validation_errors,
)
from voicemesh.limits import check_json_depth
from voicemesh.state import service_state

MAX_FILES = 8
MAX_FIELDS = 32
MAX_PART_BYTES = 256 * 1024

M = TypeVar("M", bound=BaseModel)


def validate_model(model: type[M], data: Any) -> M:
    try:
        if isinstance(data, bytes | str):
            # Strict: JSON true is not the number 1.0 (the contracts' schemas say number);
            # form fields stay lax below, since every form value arrives as a string.
            return model.model_validate_json(data, strict=True)
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidRequest(describe_validation_errors(exc.errors())) from None


async def _store_upload(request: Request, upload: UploadFile, limits: AudioLimits) -> str:
    data = await upload.read()
    if len(data) > limits.max_bytes:
        raise PayloadTooLarge(f"upload over {limits.max_bytes / 1e6:g} MB")
    store = service_state(request.app).store
    return str(store.put(as_stored_wav(data, limits), "wav"))


def _form_value(value: str) -> Any:
    stripped = value.strip()
    if stripped[:1] in "[{":
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            return value
    return value


def body_of(model: type[M], *, max_files: int = MAX_FILES) -> Callable[[Request], Awaitable[M]]:
    """A FastAPI dependency parsing ``model`` from a JSON or multipart body of at most
    ``max_files`` uploaded files (a batch job takes more than one recording)."""

    async def dependency(request: Request) -> M:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        limits = service_state(request.app).audio_limits
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                form = await request.form(
                    max_files=max_files, max_fields=MAX_FIELDS, max_part_size=MAX_PART_BYTES
                )
            except VoiceMeshError:
                raise
            except Exception as exc:  # malformed multipart bodies raise several types
                raise BadRequest(f"malformed multipart body: {exc}") from None
            data: dict[str, Any] = {}
            files: dict[str, list[str]] = {}
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files.setdefault(key, []).append(await _store_upload(request, value, limits))
                else:
                    data[key] = _form_value(value)
            for key, refs in files.items():
                data[f"{key}_ref" if len(refs) == 1 else f"{key}_refs"] = (
                    refs[0] if len(refs) == 1 else refs
                )
            return validate_model(model, data)
        if ctype in ("application/json", ""):
            raw = await request.body()
            if not raw:
                raise InvalidRequest("empty body: send JSON or multipart/form-data")
            max_json = service_state(request.app).max_json_bytes
            if len(raw) > max_json:
                raise PayloadTooLarge(f"JSON body over {max_json / 1e6:.1f} MB")
            check_json_depth(raw)
            return validate_model(model, raw)
        raise UnsupportedMediaType(
            f"content type {ctype!r} not accepted: use application/json or multipart/form-data"
        )

    return dependency


def body_openapi(model: type[BaseModel], *, files: tuple[str, ...] = ("audio",)) -> dict[str, Any]:
    """``openapi_extra`` documenting both body encodings of ``model``."""
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    multipart: dict[str, Any] = {
        "allOf": [
            ref,
            {
                "type": "object",
                "properties": {f: {"type": "string", "format": "binary"} for f in files},
            },
        ]
    }
    content: dict[str, Any] = {"application/json": {"schema": ref}}
    if files:
        content["multipart/form-data"] = {"schema": multipart}
    return {"requestBody": {"required": True, "content": content}}
