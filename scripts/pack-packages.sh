#!/usr/bin/env bash
# `yarn pack:check`: builds and packs the four publishable packages the way they are published, into
# dist-packs/<package-dir-name>.tgz (git-ignored), and checks each tarball (scripts/check-packs.mjs): entry points
# and exports in dist, no sources, the compiled config schema, README and CHANGELOG, no workspace: ranges, the
# Backstage role and feature metadata. `yarn pack` runs the packages' prepack (`backstage-cli package prepack`:
# exports into dist, config.d.ts compiled to config.schema.json) and postpack (restores package.json), and
# replaces workspace: ranges with the versions they resolve to.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PACKAGES=(
  openchoreo-build-common
  openchoreo-build
  openchoreo-build-backend
  catalog-backend-module-openchoreo-build
)
OUT="$ROOT/dist-packs"

# prepack rewrites package.json in place and postpack puts it back; a pack that fails in between would leave
# the rewritten file in the working tree.
restore_manifests() {
  for dir in "${PACKAGES[@]}"; do
    local backup="$ROOT/plugins/$dir/package.json-prepack"
    if [ -f "$backup" ]; then
      mv "$backup" "$ROOT/plugins/$dir/package.json"
      echo "restored plugins/$dir/package.json (the pack stopped before postpack)" >&2
    fi
  done
}
trap restore_manifests EXIT

echo "==> The tarball checker's own tests"
node --test --test-reporter=dot "$ROOT/scripts/check-packs.test.mjs"

# The packages' type declarations (dist/*.d.ts) are rolled up from tsc's output in dist-types.
echo "==> Type check (yarn tsc, emits dist-types)"
yarn tsc

rm -rf "$OUT"
mkdir -p "$OUT"
for dir in "${PACKAGES[@]}"; do
  echo "==> plugins/$dir: build and pack"
  log="$OUT/$dir.log"
  if ! (cd "$ROOT/plugins/$dir" && yarn build && yarn pack --out "$OUT/$dir.tgz") >"$log" 2>&1; then
    cat "$log" >&2
    echo "plugins/$dir: build or pack failed (output above, also in ${log#"$ROOT"/})" >&2
    exit 1
  fi
done

echo "==> Checking the tarballs"
tarballs=()
for dir in "${PACKAGES[@]}"; do tarballs+=("$OUT/$dir.tgz"); done
node "$ROOT/scripts/check-packs.mjs" "${tarballs[@]}"
