# Sourced by scripts that start servers: each server runs in a process group of its own, and every
# group is stopped — TERM, then KILL after a grace period — when the script ends in any way
# (success, failure, Ctrl-C, kill). Killing only the `yarn` wrapper would leave its node children
# running; a group takes the whole tree.
#   start_group <command...>   runs the command in the background in a new group; sets GROUP_PID
#   stop_groups                stops every group started so far (the EXIT trap calls it)

_groups=()
GROUP_PID=""

start_group() {
  set -m
  "$@" &
  GROUP_PID=$!
  set +m
  _groups+=("$GROUP_PID")
}

_group_alive() { kill -0 -- "-$1" 2>/dev/null; }

stop_groups() {
  local pgid alive i
  for pgid in "${_groups[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  # Up to 10 s for a clean exit (the sandbox and the backend close their listeners).
  for i in $(seq 1 50); do
    alive=0
    for pgid in "${_groups[@]}"; do _group_alive "$pgid" && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pgid in "${_groups[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null || true; done
  _groups=()
}

trap 'stop_groups' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
