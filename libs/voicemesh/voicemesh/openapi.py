"""Generate each service's ``openapi.yaml`` from its app (the file is never hand-edited)."""

from __future__ import annotations

import importlib
import os
import sys

import yaml

from voicemesh import mesh
from voicemesh.paths import repo_root


def render(service: mesh.AnySpec) -> str:
    """The OpenAPI document of one service as YAML. Builds the app in MOCK_MODE so no model
    loads (the engine is chosen at start-up, the routes and schemas are the same), without the
    internal token (the document is the same with one)."""
    os.environ["MOCK_MODE"] = "true"
    os.environ["VOICEMESH_INTERNAL_AUTH"] = "off"
    module = importlib.import_module(f"{service.package}.main")
    app = module.create_app()
    return yaml.safe_dump(app.openapi(), sort_keys=False, allow_unicode=True, width=100)


def write_all(*, check: bool = False) -> int:
    stale = []
    for service in mesh.SERVICES:
        path = repo_root() / service.folder / "openapi.yaml"
        text = render(service)
        if check:
            if not path.is_file() or path.read_text() != text:
                stale.append(str(path))
        else:
            path.write_text(text)
    if stale:
        print("out of date (run `voicemesh openapi`):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0
