#!/usr/bin/env bash
# Fails when a process started from this checkout is still running: any process (other than this
# script and the processes that called it) whose working directory or command line lies inside the
# repository. .ci/run calls it last, after everything it started should have stopped.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# This script and its ancestors (the CI runner that called it) are not leaks.
declare -A mine=()
pid=$$
while [ -n "$pid" ] && [ "$pid" != 0 ]; do
  mine[$pid]=1
  pid="$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null || true)"
done

leaks=()
for dir in /proc/[0-9]*; do
  pid="${dir#/proc/}"
  [ -n "${mine[$pid]:-}" ] && continue
  cwd="$(readlink "$dir/cwd" 2>/dev/null || true)"
  # A process may end while it is read: the redirect's error is silenced with the subshell's.
  cmd="$( (tr '\0' ' ' < "$dir/cmdline") 2>/dev/null || true)"
  [ -z "$cmd" ] && continue
  if [[ "$cwd" == "$ROOT" || "$cwd" == "$ROOT/"* || "$cmd" == *"$ROOT/"* ]]; then
    # Children of this script (the pipeline reading /proc) end with it.
    ppid="$(awk '{print $4}' "$dir/stat" 2>/dev/null || true)"
    [ "$ppid" = "$$" ] && continue
    leaks+=("$pid ${cmd:0:200}")
  fi
done

if [ "${#leaks[@]}" -gt 0 ]; then
  echo "check-no-leaks: ${#leaks[@]} process(es) started from this checkout are still running:" >&2
  printf '  %s\n' "${leaks[@]}" >&2
  exit 1
fi
echo "check-no-leaks: no process started from this checkout is running"
