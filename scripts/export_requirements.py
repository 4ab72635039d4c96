"""Write (or check) each service's ``requirements.txt`` from ``uv.lock``.

The images install a service's third-party dependencies from its ``requirements.txt`` and the
workspace packages (``voicemesh`` and the service itself) from source, so the file is exactly
``uv export --package <project> --no-dev --no-hashes --no-emit-workspace --frozen`` behind a
one-line banner. Never edit these files by hand: change a ``pyproject.toml``, lock
(``uv lock``), then run

    python scripts/export_requirements.py          # rewrite every <folder>/requirements.txt
    python scripts/export_requirements.py --check  # exit 1 and name the files that drifted

``tests/test_packaging.py`` runs the check.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "libs" / "voicemesh"))

from voicemesh.mesh import SERVICES  # noqa: E402  (needs the path above outside the venv)

BANNER = (
    "# Generated from uv.lock by scripts/export_requirements.py: do not edit by hand.\n"
    "# The images install voicemesh and this service from source, on top of these pins.\n"
)


def project_name(folder: str) -> str:
    """The ``[project].name`` of ``<folder>/pyproject.toml`` (what ``uv --package`` takes)."""
    with (ROOT / folder / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["name"])


def export(folder: str) -> str:
    """The text ``<folder>/requirements.txt`` must hold; raises CalledProcessError if uv fails
    (for example when ``uv.lock`` is out of date with a ``pyproject.toml``)."""
    uv = shutil.which("uv")
    if uv is None:
        raise FileNotFoundError("uv is not on PATH (https://docs.astral.sh/uv/)")
    cmd = [
        uv,
        "export",
        "--package",
        project_name(folder),
        "--no-dev",
        "--no-hashes",
        "--no-emit-workspace",
        "--frozen",
        "--quiet",
    ]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return BANNER + out


def pins(text: str) -> list[str]:
    """The requirement lines of a requirements file, without comments (uv's ``# via``
    annotations may differ between uv versions; the pins may not)."""
    return [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a file differs from the lock")
    args = parser.parse_args(argv)
    drifted = []
    for service in SERVICES:
        target = ROOT / service.folder / "requirements.txt"
        expected = export(service.folder)
        current = target.read_text() if target.is_file() else None
        if args.check:
            if current is None or pins(current) != pins(expected):
                drifted.append(str(target.relative_to(ROOT)))
        elif current != expected:
            target.write_text(expected)
            print(f"wrote {target.relative_to(ROOT)}")
    if drifted:
        print(
            "out of date with uv.lock (run python scripts/export_requirements.py): "
            + ", ".join(drifted),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
