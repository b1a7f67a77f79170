# Sourced by scripts/start.sh: the allocator docs/deployment.md recommends for backend replicas.
# Tested by scripts/allocator.test.mjs.

# Prints the path of Debian's libjemalloc.so.2 from the dynamic linker's cache, or nothing when it is
# not installed or ldconfig is missing. awk reads ldconfig's whole output rather than stopping at the
# first match: stopping would close the pipe while ldconfig still writes, and under `set -o
# pipefail` its SIGPIPE (exit 141) would end the caller.
jemalloc_library() {
  { ldconfig -p 2>/dev/null || true; } |
    awk '$1 == "libjemalloc.so.2" && path == "" { path = $NF } END { if (path != "") print path }'
}

# The environment a replica runs with under jemalloc: one arena, and freed pages returned after a second.
JEMALLOC_CONF=narenas:1,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0
