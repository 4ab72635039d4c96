"""Container health check: exit 0 when this image's service answers ``GET <path>`` with 200.

    python /opt/voicemesh/healthcheck.py [/ready]

The service comes from ``VOICEMESH_SERVICE`` (set by the image), its port from
``<PREFIX>PORT`` or the mesh table (voicemesh.mesh). ``/ready`` answers 503 until the engine
is loaded and warmed up, so a container turns healthy only once it can serve requests.
Standard library only (urllib): the images carry no curl.
"""

from __future__ import annotations

import os
import sys
import urllib.request

from voicemesh.mesh import spec


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/ready"
    service = spec(os.environ["VOICEMESH_SERVICE"])
    port = os.environ.get(f"{service.env_prefix}PORT", str(service.port))
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:  # URLError and HTTPError (503 while loading) are OSErrors
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
