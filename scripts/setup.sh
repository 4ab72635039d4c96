#!/usr/bin/env bash
# Set up a fresh machine for VoiceMesh: system packages (ffmpeg, espeak-ng, Debian's
# docker-compose for the compose checks, cmake and g++ to build llama.cpp), uv, and the locked Python environment in .venv.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v ffmpeg >/dev/null || need_apt+=(ffmpeg)
command -v espeak-ng >/dev/null || need_apt+=(espeak-ng)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
# llm-service's llama-cpp-python builds llama.cpp from source (once; uv caches the wheel).
command -v cmake >/dev/null || need_apt+=(cmake)
command -v g++ >/dev/null || need_apt+=(g++)
if ((${#need_apt[@]})); then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${need_apt[*]} (apt)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v uv >/dev/null; then
  echo "setup: installing uv (pip)"
  python3 -m pip install -q --user uv 2>/dev/null || python3 -m pip install -q uv
  export PATH="$HOME/.local/bin:$PATH"
fi

uv sync --frozen --quiet
echo "setup: ready ($(uv run --frozen python --version), $(uv --version))"
