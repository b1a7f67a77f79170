#!/usr/bin/env bash
# Starts the whole portal on the embedded OpenChoreo sandbox. Ctrl-C stops everything it started.
#
#   ./scripts/start.sh [sandbox options]
#       Development: sandbox, Backstage backend (:7007, NODE_ENV=development, guest sign-in) and the
#       app's dev server (:3000).
#   ./scripts/start.sh --production [--skip-build] [sandbox options]
#       The production profile on the sandbox: builds the app and the backend, then runs the BUILT
#       backend with NODE_ENV=production on :7007 (PORTAL_PORT), serving the built app itself, with
#       app-config.production.yaml + app-config.production-demo.yaml (+ app-config.postgres.yaml
#       when POSTGRES_HOST is set). Sign-in through a local OpenID provider (scripts/demo-idp.mjs,
#       :7010 or DEMO_IDP_PORT) with the demo users ada (app-developers) and pat (platform-team).
#   ./scripts/start.sh --replicas <n> [--skip-build] [sandbox options]
#       The production profile as a platform team runs it: PostgreSQL and Redis (Debian packages,
#       installed when missing; data under the state dir), <n> backend replicas on ports
#       PORTAL_PORT+101… sharing them, and HAProxy (scripts/load-balancer.sh, Debian package) on
#       :7007 (PORTAL_PORT) in front, sending each request to the next replica.
#       The replicas' URLs are written to <state dir>/replicas.json.
#
# Sandbox options (--fast, --port-base <n>, --state-dir <dir>, ...): `yarn sandbox --help`.
# OPENCHOREO_SANDBOX_DIR (default .sandbox) is the sandbox's state directory.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# Every server runs in a process group of its own; the EXIT trap stops all of them (TERM, then KILL).
source "$ROOT/scripts/process-groups.sh"

mode=development
skip_build=0
replicas=1
sandbox_args=()
sandbox_dir="${OPENCHOREO_SANDBOX_DIR:-.sandbox}"
while [ $# -gt 0 ]; do
  case "$1" in
    --production) mode=production ;;
    --skip-build) skip_build=1 ;;
    --replicas)
      [ $# -ge 2 ] && [[ "$2" =~ ^[1-9]$ ]] || { echo "--replicas needs a number from 1 to 9" >&2; exit 2; }
      replicas="$2"
      mode=production
      shift
      ;;
    --state-dir)
      [ $# -ge 2 ] || { echo "--state-dir needs a value" >&2; exit 2; }
      sandbox_dir="$2"
      shift
      ;;
    -h | --help)
      sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) sandbox_args+=("$1") ;;
  esac
  shift
done
case "$sandbox_dir" in /*) ;; *) sandbox_dir="$ROOT/$sandbox_dir" ;; esac
# The sandbox writes its endpoints here; app-config.yaml includes <dir>/backstage.json.
export OPENCHOREO_SANDBOX_DIR="$sandbox_dir"

random_secret() { node -e 'process.stdout.write(require("crypto").randomBytes(Number(process.argv[1])).toString("base64url"))' "$1"; }

# Waits until `url` answers 2xx while the process group `pgid` lives.
wait_for_url() {
  local url="$1" pgid="$2" what="$3" timeout="${4:-300}" i
  for i in $(seq 1 $((timeout * 2))); do
    node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url" && return 0
    kill -0 -- "-$pgid" 2>/dev/null || { echo "$what exited before it was ready" >&2; return 1; }
    sleep 0.5
  done
  echo "$what did not become ready within ${timeout}s" >&2
  return 1
}

if [ "$mode" = production ] && [ "$skip_build" = 0 ]; then
  # The builds read app-config.yaml, which includes the sandbox's backstage.json; a stub stands in
  # for it so that nothing here needs a running sandbox.
  echo "==> Building the app (packages/app/dist) and the backend (packages/backend/dist)"
  OPENCHOREO_SANDBOX_DIR="$ROOT/scripts/no-sandbox" yarn build:backend
fi

if [ "$mode" = production ]; then
  # The backend build is a bundle (what a container image gets: Backstage's Docker guide). Unpack it
  # into dist-production/ and link its workspace packages; every other dependency resolves from this
  # checkout's node_modules, so nothing is installed again. Outside packages/backend on purpose: a
  # plugin resolving its dependencies upwards must not meet packages/backend/node_modules (the
  # backend's own versions, e.g. zod 4 where the plugin declares zod 3); each package gets its own
  # nested node_modules from the checkout instead, as in a container's install.
  bundle="$ROOT/packages/backend/dist/bundle.tar.gz"
  [ -f "$bundle" ] || { echo "No backend build ($bundle): run without --skip-build" >&2; exit 1; }
  prod_dir="$ROOT/dist-production"
  rm -rf "$prod_dir" && mkdir -p "$prod_dir" && tar xzf "$bundle" -C "$prod_dir"
  node -e '
    const fs = require("fs"), path = require("path");
    const [root, checkout] = process.argv.slice(1);
    for (const group of ["packages", "plugins"]) {
      for (const dir of fs.readdirSync(path.join(root, group))) {
        const { name } = require(path.join(root, group, dir, "package.json"));
        const link = path.join(root, "node_modules", name);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.relative(path.dirname(link), path.join(root, group, dir)), link);
        const nested = path.join(checkout, group, dir, "node_modules");
        if (fs.existsSync(nested)) fs.symlinkSync(nested, path.join(root, group, dir, "node_modules"));
      }
    }' "$prod_dir" "$ROOT"
fi

if [ -f packages/openchoreo-sandbox/src/cli.ts ]; then
  echo "==> Starting the OpenChoreo sandbox (state in ${sandbox_dir#"$ROOT/"})"
  rm -f "$sandbox_dir/endpoints.json"
  start_group yarn sandbox --state-dir "$sandbox_dir" "${sandbox_args[@]}"
  sandbox_pgid="$GROUP_PID"
  for _ in $(seq 1 600); do
    [ -f "$sandbox_dir/endpoints.json" ] && break
    kill -0 -- "-$sandbox_pgid" 2>/dev/null || { echo "The sandbox exited before it was ready" >&2; exit 1; }
    sleep 0.2
  done
  [ -f "$sandbox_dir/endpoints.json" ] || { echo "The sandbox did not become ready" >&2; exit 1; }
fi

if [ "$mode" = development ]; then
  echo "==> Starting the Backstage backend (http://localhost:7007) and app (http://localhost:3000)"
  start_group yarn start
  wait "$GROUP_PID"
  exit $?
fi

# ---- production profile (demo) ----
PORTAL_PORT="${PORTAL_PORT:-7007}"
DEMO_IDP_PORT="${DEMO_IDP_PORT:-7010}"
export PORTAL_PORT
export APP_BASE_URL="http://localhost:$PORTAL_PORT"
export DEMO_IDP_URL="http://localhost:$DEMO_IDP_PORT"
# Demo-only secrets, new at every start, never written to disk.
export DEMO_IDP_CLIENT_SECRET="$(random_secret 24)"
export AUTH_SESSION_SECRET="$(random_secret 32)"
DEMO_PASSWORD="${DEMO_PASSWORD:-demo-$(random_secret 6)}"

echo "==> Starting the demo OpenID provider ($DEMO_IDP_URL)"
start_group env DEMO_IDP_PORT="$DEMO_IDP_PORT" \
  DEMO_IDP_REDIRECT_URI="$APP_BASE_URL/api/auth/oidc/handler/frame" \
  DEMO_IDP_PASSWORD="$DEMO_PASSWORD" \
  node "$ROOT/scripts/demo-idp.mjs"
idp_pgid="$GROUP_PID"
wait_for_url "$DEMO_IDP_URL/.well-known/openid-configuration" "$idp_pgid" "The demo OpenID provider" 30

configs=(app-config.yaml app-config.production.yaml app-config.production-demo.yaml)
if [ "$replicas" -gt 1 ]; then
  # Shared state of the replicas: the database (run record, webhook deliveries, auth keys, the
  # catalog) and Backstage's cache.
  source "$ROOT/scripts/datastores.sh"
  start_postgres "$sandbox_dir/postgres" "${POSTGRES_PORT:-$((PORTAL_PORT + 25))}"
  start_redis "$sandbox_dir/redis" "${REDIS_PORT:-$((PORTAL_PORT + 26))}"
  configs+=(app-config.replicas.yaml)
fi
if [ -n "${POSTGRES_HOST:-}" ]; then
  configs+=(app-config.postgres.yaml)
  echo "==> Database: PostgreSQL at $POSTGRES_HOST:${POSTGRES_PORT:-5432}"
else
  echo "==> Database: SQLite in memory (set POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD for PostgreSQL)"
fi
config_args=()
for file in "${configs[@]}"; do config_args+=(--config "$ROOT/$file"); done

# Every server whose exit ends the demo.
watched=("$idp_pgid")
if [ "$replicas" -gt 1 ]; then
  watched+=("$POSTGRES_PGID" "$REDIS_PGID")
  # The allocator docs/deployment.md recommends (scripts/allocator.sh; libjemalloc2 comes with
  # redis-server). Without it, glibc's.
  source "$ROOT/scripts/allocator.sh"
  replica_env=()
  jemalloc=$(jemalloc_library)
  if [ -n "$jemalloc" ]; then
    replica_env=(LD_PRELOAD="$jemalloc" MALLOC_CONF="$JEMALLOC_CONF")
    echo "==> Replicas allocate with jemalloc ($jemalloc), as docs/deployment.md recommends"
  fi
  targets=()
  for i in $(seq 1 "$replicas"); do
    port=$((PORTAL_PORT + 100 + i))
    echo "==> Starting backend replica $i of $replicas with NODE_ENV=production (http://localhost:$port)"
    # One after the other: the first applies the database migrations alone.
    start_group env -C "$ROOT/packages/backend" NODE_ENV=production APP_CONFIG_backend_listen=":$port" \
      "${replica_env[@]}" node "$prod_dir/packages/backend" "${config_args[@]}"
    watched+=("$GROUP_PID")
    wait_for_url "http://localhost:$port/.backstage/health/v1/readiness" "$GROUP_PID" "Backend replica $i" 300
    targets+=("http://127.0.0.1:$port")
  done
  # Installed here (when missing) so that apt's output shows; the script's own output goes to its log.
  ensure_debian_packages haproxy=haproxy
  echo "==> Starting the load balancer: HAProxy on $APP_BASE_URL -> ${targets[*]} (log in $sandbox_dir/haproxy)"
  mkdir -p "$sandbox_dir/haproxy"
  start_group _logged "$sandbox_dir/haproxy/haproxy.log" \
    "$ROOT/scripts/load-balancer.sh" "$sandbox_dir/haproxy" "$PORTAL_PORT" "${targets[@]}"
  watched+=("$GROUP_PID")
  wait_for_url "$APP_BASE_URL/.backstage/health/v1/readiness" "$GROUP_PID" "The load balancer" 120
  node -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify({ proxy: process.argv[2], replicas: process.argv.slice(3) }, null, 2) + "\n")' \
    "$sandbox_dir/replicas.json" "$APP_BASE_URL" "${targets[@]}"
else
  echo "==> Starting the built backend with NODE_ENV=production ($APP_BASE_URL)"
  # The catalog's file locations are relative to packages/backend, as in development.
  start_group env -C "$ROOT/packages/backend" NODE_ENV=production node "$prod_dir/packages/backend" "${config_args[@]}"
  watched+=("$GROUP_PID")
  wait_for_url "$APP_BASE_URL/.backstage/health/v1/readiness" "$GROUP_PID" "The backend" 300
fi

cat <<EOF

  The production profile is up: $APP_BASE_URL
  Sign in with "Demo identity provider" (demo only, password new at every start):
    ada / $DEMO_PASSWORD   app-developers: builds the default and acme services
    pat / $DEMO_PASSWORD   platform-team: everything, including build planes and workflows
  Ctrl-C stops everything.

EOF
# Runs until one of the servers exits (or Ctrl-C); the EXIT trap stops the others.
[ -n "${sandbox_pgid:-}" ] && watched+=("$sandbox_pgid")
all_alive() {
  local pgid
  for pgid in "${watched[@]}"; do _group_alive "$pgid" || return 1; done
}
while all_alive; do
  sleep 1
done
echo "A server exited; stopping the others" >&2
exit 1
