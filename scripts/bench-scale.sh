#!/usr/bin/env bash
# `yarn bench:scale`: starts PostgreSQL and Redis (Debian packages, installed when missing; data
# and logs under .sandbox/bench-scale, stopped on exit and Ctrl-C), then runs bench/scale/run.ts,
# which measures one backend and two replicas behind HAProxy (scripts/load-balancer.sh) against a sandbox of
# 130,000 runs. A benchmark, not a test: it prints figures (docs/performance.md, "At scale").
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/process-groups.sh"
source "$ROOT/scripts/datastores.sh"
state="$ROOT/.sandbox/bench-scale"
start_postgres "$state/postgres" "${BENCH_POSTGRES_PORT:-7632}"
start_redis "$state/redis" "${BENCH_REDIS_PORT:-7633}"
# The replicas' load balancer (bench/scale/run.ts starts it): installed here, where apt can ask.
ensure_debian_packages haproxy=haproxy
node --max-old-space-size=4096 --require "$ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" \
  "$ROOT/bench/scale/run.ts"
