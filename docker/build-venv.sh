#!/bin/sh
# Builder-stage installs into the virtual environment /opt/venv (copied into the runtime):
#   build-venv.sh deps <folder>     create the venv, install <folder>/requirements.txt
#                                   (the pins exported from uv.lock; cached as its own layer)
#   build-venv.sh project <folder>  install the shared libs (voicemesh, voicemesh-speech) and
#                                   the service from /src, no deps,
#                                   then `pip check` that the set is consistent
# PYTHON picks the interpreter the venv is made from (default python3).
set -eu

step=$1
folder=$2
venv=/opt/venv
export PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

case "$step" in
    deps)
        "${PYTHON:-python3}" -m venv "$venv"
        "$venv/bin/pip" install -r "/src/$folder/requirements.txt"
        ;;
    project)
        "$venv/bin/pip" install --no-deps /src/libs/voicemesh /src/libs/speech "/src/$folder"
        "$venv/bin/pip" check
        ;;
    *)
        echo "usage: build-venv.sh deps|project <folder>" >&2
        exit 2
        ;;
esac
