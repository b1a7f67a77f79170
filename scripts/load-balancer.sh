#!/usr/bin/env bash
# The replicas topology's load balancer: HAProxy from Debian's package (installed when missing, as
# PostgreSQL and Redis are), in the foreground, sending each HTTP request to the next backend
# replica in turn — as a Kubernetes ingress or a cloud load balancer without session affinity
# does. Used by scripts/start.sh --replicas and by `yarn bench:scale` (bench/scale/run.ts).
#
#   scripts/load-balancer.sh <state dir> <port> <replica URL>...
#
# - per request, not per connection: a keep-alive client's requests alternate between replicas;
#   connections to the replicas are kept and reused (`http-reuse safe`);
# - streams (SSE) pass as they come: HAProxy does not buffer responses, and `http-no-delay` sends
#   each event at once (by default it may hold a small write back, expecting more: with 1,000
#   `/events` clients that added ~100 ms to every event); the 24 h timeouts are idle limits (the
#   streams send heartbeats), not a cap on a stream's length;
# - a replica that refuses the connection is skipped: nothing reached it, so any request is sent
#   to the next one (`retries`, `option redispatch`);
# - X-Forwarded-For/-Proto/-Host tell the replicas who asked, as behind a real load balancer.
# Stopped with its process group (TERM stops HAProxy at once).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/datastores.sh"

[ $# -ge 3 ] || { echo "usage: $0 <state dir> <port> <replica URL>..." >&2; exit 2; }
dir="$1" port="$2"
shift 2
ensure_debian_packages haproxy=haproxy
mkdir -p "$dir"
config="$dir/haproxy.cfg"
{
  cat <<CONFIG
defaults
  mode http
  timeout connect 5s
  timeout client 24h
  timeout server 24h
  timeout http-request 30s
  timeout http-keep-alive 60s
  option forwardfor
  option http-no-delay
  retries 2
  option redispatch 1
  http-reuse safe

frontend portal
  bind 127.0.0.1:$port
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  default_backend replicas

backend replicas
  balance roundrobin
CONFIG
  i=0
  for url in "$@"; do
    i=$((i + 1))
    hostport="${url#*://}"
    hostport="${hostport%%/*}"
    echo "  server replica-$i $hostport"
  done
} >"$config"
echo "==> Load balancer: HAProxy on http://localhost:$port -> $*"
exec haproxy -db -f "$config"
