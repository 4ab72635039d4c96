#!/bin/sh
# System setup shared by every VoiceMesh image stage (run as root on a Debian/Ubuntu base):
#   install-system.sh [apt-package ...]
# - installs the apt packages named (ffmpeg, espeak-ng, build-essential, ...);
# - adds python3, python3-venv and the shared libpython when the base has no python3
#   (nvidia/cuda Ubuntu 24.04 images ship none; their python3 is 3.12, inside the workspace's
#   >=3.11,<3.13). Native extensions such as torchcodec link against libpython, which the
#   python:* images build in but Debian/Ubuntu ship separately (libpython3-dev pulls it);
# - creates the unprivileged user `voicemesh` (uid 10001) and the folders it writes:
#   /data/artifacts (the shared artifact volume), /data/cache (model caches) and /data/state
#   (the orchestrator's database, local admin key and session secret).
set -eu

packages="$*"
if ! command -v python3 >/dev/null 2>&1; then
    packages="$packages python3 python3-venv libpython3-dev"
fi
if [ -n "$packages" ]; then
    apt-get update
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages
    rm -rf /var/lib/apt/lists/*
fi

if ! id voicemesh >/dev/null 2>&1; then
    useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin voicemesh
fi
# A new named volume takes the owner of the folder it is mounted on, so the services can
# write the shared artifact volume without running as root.
mkdir -p /app /data/artifacts /data/cache /data/state
chown voicemesh:voicemesh /data/artifacts /data/cache /data/state
