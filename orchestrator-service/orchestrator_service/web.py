"""The learner web app (``web/``, built to ``web/dist``) served at ``/`` on the API's origin.

The API routes are registered first and keep priority; every other path is looked up in the
build. The app's pages are hash routes (``/#/history``), so only ``/`` and the hashed assets
are ever requested. A Content-Security-Policy keeps the page on its own origin: no script,
style, font or request can reach another host, even by mistake.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from voicemesh.errors import VoiceMeshError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class WebAppNotBuilt(VoiceMeshError):
    status_code = 404
    code = "web_app_not_built"


class _WebApp(StaticFiles):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", CSP.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        await super().__call__(scope, receive, with_headers)


def mount_web_app(app: FastAPI, dist: Path) -> None:
    """Serve ``dist`` at ``/``, or answer ``/`` with a 404 saying how to build it."""
    if (dist / "index.html").is_file():
        app.mount("/", _WebApp(directory=dist, html=True), name="web")
        return

    @app.get("/", include_in_schema=False)
    async def not_built() -> None:
        raise WebAppNotBuilt(
            f"the web app is not built ({dist} has no index.html): run "
            "`npm ci && npm run build` in web/ (bash scripts/setup.sh does)"
        )
