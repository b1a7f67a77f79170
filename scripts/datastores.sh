# Sourced by scripts/start.sh (replicas topology), scripts/test.sh (database tests on PostgreSQL)
# and scripts/bench-scale.sh: PostgreSQL and Redis from Debian's
# packages (installed when missing, as root), each a server of its own in a process group
# (scripts/process-groups.sh), with its data under the sandbox's state directory. Both start
# empty at every start, as the sandbox does: a database from an earlier sandbox would describe
# runs that no longer exist. Passwords are new at every start and never written to the command
# line (ps) or the repository.
#   start_postgres <dir> <port>   sets POSTGRES_HOST/PORT/USER/PASSWORD (exported)
#   start_redis <dir> <port>      sets REDIS_URL (exported)

# Debian puts servers such as haproxy in /usr/sbin, which a normal user's PATH lacks: without it a
# package installed already would be looked for (and installed) again, and its command not found.
case ":$PATH:" in
  *:/usr/sbin:*) ;;
  *) PATH="$PATH:/usr/sbin:/sbin" ;;
esac

# Installs Debian packages for the missing commands (as root, or with sudo as scripts/test.sh does
# for chromium).
ensure_debian_packages() {
  local missing=() pair command package
  for pair in "$@"; do
    command="${pair%%=*}"
    package="${pair#*=}"
    # postgres lives outside PATH (/usr/lib/postgresql/<version>/bin).
    if [ "$command" = initdb ]; then
      compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && continue
    elif command -v "$command" >/dev/null; then
      continue
    fi
    missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || {
      echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
      return 1
    }
    sudo=(sudo)
  fi
  echo "==> Installing ${missing[*]} (Debian packages)"
  "${sudo[@]}" apt-get update -qq >/dev/null &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# PostgreSQL refuses to run as root: as root, its servers run as the package's `postgres` user.
_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Runs a command with its output appended to a log file (servers here are chatty).
_logged() {
  local log="$1"
  shift
  "$@" >>"$log" 2>&1
}

_secret() { node -e 'process.stdout.write(require("crypto").randomBytes(18).toString("base64url"))'; }

_wait_until() {
  local what="$1" pgid="$2" i
  shift 2
  for i in $(seq 1 120); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 -- "-$pgid" 2>/dev/null || { echo "$what exited before it was ready" >&2; return 1; }
    sleep 0.25
  done
  echo "$what did not become ready within 30 s" >&2
  return 1
}

start_postgres() {
  local dir="$1" port="$2" bin pwfile
  ensure_debian_packages initdb=postgresql || return 1
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  rm -rf "$dir" && mkdir -p "$dir/data"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres: "$dir"
    # The `postgres` user must reach its directory through the sandbox's state directories (0700):
    # they get traverse-only access for others (x, not r); the sandbox's files in them stay 0600.
    local parent
    parent="$(dirname "$dir")"
    while [ "$parent" != "$ROOT" ] && [ "$parent" != / ]; do
      chmod o+x "$parent"
      parent="$(dirname "$parent")"
    done
    # The checkout's own parents are left as they are: say so if one of them shuts postgres out.
    if ! runuser -u postgres -- test -x "$dir/data"; then
      echo "PostgreSQL runs as the postgres user, who cannot reach $dir: give the directories above the checkout o+x, or clone it elsewhere" >&2
      return 1
    fi
  fi
  export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$port" POSTGRES_USER=backstage
  POSTGRES_PASSWORD="$(_secret)"
  export POSTGRES_PASSWORD
  pwfile="$dir/initdb.pw"
  (umask 077 && printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile")
  [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
  _as_postgres "$bin/initdb" -D "$dir/data" -U "$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; return 1; }
  rm -f "$pwfile"
  echo "==> Starting PostgreSQL ($POSTGRES_HOST:$port, data and log in ${dir#"$ROOT/"})"
  # TCP only (-k ''): nothing here uses a Unix socket, whose path would be limited to 107 bytes.
  start_group _logged "$dir/postgres.log" _as_postgres "$bin/postgres" -D "$dir/data" -p "$port" -k '' \
    -c listen_addresses=127.0.0.1 -c max_connections=200
  POSTGRES_PGID="$GROUP_PID"
  _wait_until PostgreSQL "$POSTGRES_PGID" "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"
}

start_redis() {
  local dir="$1" port="$2" password
  ensure_debian_packages redis-server=redis-server || return 1
  rm -rf "$dir" && mkdir -p "$dir"
  password="$(_secret)"
  # The password goes in a config file only the server reads, not on its command line.
  (umask 077 && printf 'port %s\nbind 127.0.0.1\ndir %s\nsave ""\nappendonly no\nrequirepass %s\n' \
    "$port" "$dir" "$password" >"$dir/redis.conf")
  export REDIS_URL="redis://:$password@127.0.0.1:$port"
  echo "==> Starting Redis (127.0.0.1:$port)"
  start_group _logged "$dir/redis.log" redis-server "$dir/redis.conf"
  REDIS_PGID="$GROUP_PID"
  _wait_until Redis "$REDIS_PGID" env REDISCLI_AUTH="$password" redis-cli -p "$port" ping
}
