#!/usr/bin/env bash
# Runs a command with the action server up on port 5055, and stops the server afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
log=${ACTION_SERVER_LOG:-results/action-server.log}
mkdir -p "$(dirname "$log")"
if curl -s -o /dev/null http://localhost:5055/health; then
  echo "port 5055 is taken by another process (an action server already running?); stop it first" >&2
  exit 1
fi
.venv/bin/rasa run actions --port 5055 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if ! kill -0 $server 2>/dev/null; then echo "action server failed to start, see $log" >&2; exit 1; fi
  if curl -sf http://localhost:5055/health >/dev/null; then break; fi
  sleep 0.5
done
curl -sf http://localhost:5055/health >/dev/null || { echo "action server did not answer, see $log" >&2; exit 1; }
"$@"
