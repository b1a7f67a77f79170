#!/usr/bin/env bash
# Starts the whole portal on the embedded sandbox: OpenChoreo sandbox, Backstage backend (:7007)
# and app (:3000). Ctrl-C stops everything.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ensure_installed

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

if [ -f packages/openchoreo-sandbox/src/cli.ts ]; then
  echo "==> Starting the OpenChoreo sandbox (state in .sandbox/)"
  rm -f .sandbox/endpoints.json
  yarn sandbox "$@" &
  pids+=($!)
  for _ in $(seq 1 600); do
    [ -f .sandbox/endpoints.json ] && break
    kill -0 "${pids[0]}" 2>/dev/null || { echo "The sandbox exited before it was ready" >&2; exit 1; }
    sleep 0.2
  done
  [ -f .sandbox/endpoints.json ] || { echo "The sandbox did not become ready" >&2; exit 1; }
fi

echo "==> Starting the Backstage backend (http://localhost:7007) and app (http://localhost:3000)"
yarn start &
pids+=($!)
wait "${pids[-1]}"
