#!/usr/bin/env bash
# The project's test command: set up, lint, type-check, check layering (import-linter), check
# generated files, run every test (the web app's Vitest tests; unit tests with the real embedded
# engines on real audio; the mesh integration tests that start all eight services as processes
# on loopback: in MOCK_MODE, on the real engines, and the web app end to end in headless
# Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
run() { echo "+ $*"; "$@"; }
run uv run --frozen ruff check .
run uv run --frozen ruff format --check .
run uv run --frozen mypy
run uv run --frozen lint-imports
run uv run --frozen voicemesh openapi --check
run npm --prefix web test --silent
run uv run --frozen pytest "$@"
