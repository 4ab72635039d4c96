#!/usr/bin/env bash
# The main job: set up, start the whole mesh on the embedded CPU engines, post a real learner
# recording with its target sentence, print the assessment and the URL of the learner web app.
# From a terminal the mesh then keeps running for the app until Ctrl-C; otherwise (CI, a pipe)
# it stops. DEMO_KEEP=1 or DEMO_KEEP=0 decides instead.
#   bash scripts/demo.sh [AUDIO_FILE] [TARGET_TEXT]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
mkdir -p var
clip="${1:-tests/audio/adult-female-stress-error-it-was-a-sufficient-answer.wav}"
text="${2:-It was a sufficient answer}"

uv run --frozen voicemesh up >var/demo-up.log 2>&1 &
mesh=$!
trap 'kill -TERM $mesh 2>/dev/null; wait $mesh 2>/dev/null || true; ' EXIT
echo "demo: starting the mesh (first start reassembles the Whisper model; logs in var/logs/)"
for _ in $(seq 1 600); do
  if grep -q "services ready" var/demo-up.log 2>/dev/null; then break; fi
  if ! kill -0 $mesh 2>/dev/null; then cat var/demo-up.log; exit 1; fi
  sleep 0.5
done
grep "services ready" var/demo-up.log
uv run --frozen voicemesh process "$clip" --text "$text"

# The app URL; a multi-user server prints it with a sign-in key (#key=…), which we pass on.
url=$(grep -o 'http://[^[:space:]]*/#key=[^[:space:]]*' var/demo-up.log | head -1 || true)
base=$(grep -o 'POST http://[^[:space:]]*/process' var/demo-up.log | head -1 | sed 's/^POST //; s#/process$#/#')
url="${url:-$base}"
echo
echo "demo: the learner web app: $url"
keep="${DEMO_KEEP:-}"
[ -z "$keep" ] && { [ -t 0 ] && keep=1 || keep=0; }
if [ "$keep" = 1 ]; then
  echo "demo: open it in a browser (Chromium, Firefox); Ctrl-C stops the mesh"
  wait $mesh
fi
