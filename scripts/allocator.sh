# Sourced by scripts/start.sh: the allocator docs/deployment.md recommends for backend replicas.
# Tested by scripts/allocator.test.mjs.

# Where ldconfig lives when PATH lacks it (Debian gives non-root users no /sbin in PATH).
LDCONFIG_FALLBACKS="${LDCONFIG_FALLBACKS-/sbin/ldconfig /usr/sbin/ldconfig}"

# Prints the path of Debian's libjemalloc.so.2 from the dynamic linker's cache, or nothing when it is
# not installed or there is no ldconfig; always succeeds (start.sh runs under `set -euo pipefail`).
# The cache may list a library of another architecture first (multiarch: an i386 one): a candidate
# counts only if the loader preloads it into awk without a word.
jemalloc_library() {
  local ldconfig="" candidate
  ldconfig=$(command -v ldconfig) || ldconfig=""
  if [ -z "$ldconfig" ]; then
    for candidate in $LDCONFIG_FALLBACKS; do
      if [ -x "$candidate" ]; then
        ldconfig=$candidate
        break
      fi
    done
  fi
  [ -n "$ldconfig" ] || return 0
  # Read into an array first: the candidates are read to the end (a reader that stopped early
  # would leave ldconfig writing into a closed pipe, and pipefail would turn its SIGPIPE into
  # the caller's failure).
  local -a candidates=()
  mapfile -t candidates < <("$ldconfig" -p 2>/dev/null | awk '$1 == "libjemalloc.so.2" { print $NF }')
  for candidate in "${candidates[@]}"; do
    if [ -z "$(LD_PRELOAD="$candidate" awk 'BEGIN { exit 0 }' 2>&1)" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 0
}

# The environment a replica runs with under jemalloc: one arena, and freed pages returned after a second.
JEMALLOC_CONF=narenas:1,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0
