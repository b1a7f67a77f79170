#!/usr/bin/env bash
# Proof by installation: a Backstage app created the usual way (`@backstage/create-app`, its default
# new-frontend-system template), with the plugins added from their packed tarballs (dist-packs/, not
# workspace links) exactly as the plugins' READMEs say, started on the sandbox.
#
#   ./scripts/install-proof.sh [--skip-pack] [--keep]
#       Packs the plugins (scripts/pack-packages.sh) unless --skip-pack, creates the app in
#       <state dir>/app (new at every run unless --keep and it exists), installs it, starts a sandbox
#       and the app (`yarn start`: backend INSTALL_BACKEND_PORT, app INSTALL_APP_PORT) and runs until
#       Ctrl-C or until one of them exits; everything it started is stopped then.
#
# INSTALL_PROOF_DIR (default .sandbox/install-proof) is the state directory.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/process-groups.sh"

# The create-app release whose template is Backstage 1.55.0, the release in backstage.json.
CREATE_APP_VERSION=0.9.2
APP_PORT="${INSTALL_APP_PORT:-3400}"
BACKEND_PORT="${INSTALL_BACKEND_PORT:-7407}"
SANDBOX_PORT_BASE="${INSTALL_SANDBOX_PORT_BASE:-18480}"
state_dir="${INSTALL_PROOF_DIR:-$ROOT/.sandbox/install-proof}"
case "$state_dir" in /*) ;; *) state_dir="$ROOT/$state_dir" ;; esac
app_dir="$state_dir/app"
packs="${INSTALL_PACKS_DIR:-$ROOT/dist-packs}"

skip_pack=0
keep=0
for arg in "$@"; do
  case "$arg" in
    --skip-pack) skip_pack=1 ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$skip_pack" = 0 ]; then
  echo "==> Packing the plugins (dist-packs/)"
  "$ROOT/scripts/pack-packages.sh"
fi
for pack in openchoreo-build-common openchoreo-build openchoreo-build-backend catalog-backend-module-openchoreo-build; do
  [ -f "$packs/$pack.tgz" ] || { echo "Missing $packs/$pack.tgz: run without --skip-pack" >&2; exit 1; }
done

if [ "$keep" = 0 ] || [ ! -d "$app_dir/node_modules" ]; then
  echo "==> Creating a Backstage app with @backstage/create-app@$CREATE_APP_VERSION"
  rm -rf "$app_dir" && mkdir -p "$app_dir"
  # --skip-install: the plugins are added before the one install. create-app also tries to fetch a
  # yarn.lock seed from GitHub; without it the install resolves from the registry, as it would for
  # anyone whose network blocks GitHub.
  (cd "$state_dir" && BACKSTAGE_APP_NAME=install-proof \
    npx --yes "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --path "$app_dir")

  echo "==> Adding the plugins as their READMEs say (from the packed tarballs); yarn add installs the app"
  node "$ROOT/scripts/install-proof/add-plugins.mjs" "$app_dir" "$packs"
fi

echo "==> Starting the OpenChoreo sandbox"
sandbox_state="$state_dir/sandbox"
rm -rf "$sandbox_state"
start_group yarn sandbox --fast --port-base "$SANDBOX_PORT_BASE" --state-dir "$sandbox_state"
sandbox_pgid="$GROUP_PID"
node "$ROOT/scripts/wait-for-file.js" "$sandbox_state/endpoints.json" 120 || {
  echo "The sandbox did not become ready" >&2
  exit 1
}
kill -0 -- "-$sandbox_pgid" 2>/dev/null || { echo "The sandbox exited" >&2; exit 1; }

echo "==> Starting the installed app (backend :$BACKEND_PORT, app :$APP_PORT)"
cp "$ROOT/scripts/install-proof/app-config.install-proof.yaml" "$app_dir/"
start_group env -C "$app_dir" OPENCHOREO_SANDBOX_DIR="$sandbox_state" \
  INSTALL_APP_PORT="$APP_PORT" INSTALL_BACKEND_PORT="$BACKEND_PORT" \
  node "$app_dir"/.yarn/releases/yarn-*.cjs start \
  --config "$app_dir/app-config.yaml" --config "$app_dir/app-config.install-proof.yaml"
app_pgid="$GROUP_PID"

# Runs until one of them exits (or Ctrl-C / TERM); the EXIT trap stops the other.
wait -n "$sandbox_pgid" "$app_pgid"
