#!/usr/bin/env bash
# Runs every check: type checking, lint, each package's jest tests and the Playwright end-to-end
# suite in headless Chromium against the real app + backend + sandbox.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ensure_installed
export CI="${CI:-true}"
# Tests read English relative times ("3 minutes ago"): pin the locale and time zone Intl and Date
# take from the machine (the browser suites set their own locale).
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
mkdir -p e2e-test-results

echo "==> Formatting (prettier --check)"
yarn prettier:check

echo "==> Type check"
yarn tsc

echo "==> Lint"
yarn backstage-cli repo lint

echo "==> API reports (yarn build:api-reports:check)"
yarn build:api-reports:check

echo "==> Changesets (yarn changeset status)"
yarn changeset status

echo "==> Scripts' own checks (node --test)"
node --test scripts/allocator.test.mjs

echo "==> Packed packages (build, pack and check each tarball into dist-packs/)"
node --test scripts/check-packs.test.mjs
yarn pack:check

echo "==> Unit and integration tests (jest)"
# The database tests run on SQLite and on a PostgreSQL of this script's own (Debian's package,
# installed when missing), as production runs them; it stops with the script.
source "$ROOT/scripts/process-groups.sh"
source "$ROOT/scripts/datastores.sh"
# start_postgres exports POSTGRES_*: the caller's own (which the production profile reads) come
# back after the tests.
caller_postgres_env="$(declare -p POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD 2>/dev/null || true)"
start_postgres "$ROOT/.sandbox/test-postgres" "${TEST_POSTGRES_PORT:-7532}"
pg_major="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1 | sed 's#.*/postgresql/\([0-9]*\)/bin#\1#')"
pg_test_var="BACKSTAGE_TEST_DATABASE_POSTGRES${pg_major}_CONNECTION_STRING"
export "$pg_test_var=postgresql://$POSTGRES_USER:$POSTGRES_PASSWORD@$POSTGRES_HOST:$POSTGRES_PORT"
yarn backstage-cli repo test --json --outputFile="$ROOT/e2e-test-results/jest.json"
stop_groups
unset POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD "$pg_test_var"
eval "$caller_postgres_env"

echo "==> End-to-end tests (Playwright + Chromium)"
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's chromium"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# The catalog test applies a Component with the real kubectl (Debian's kubernetes-client).
if [ -z "${KUBECTL:-}" ] && ! command -v kubectl >/dev/null 2>&1; then
  echo "==> Installing Debian's kubernetes-client (kubectl)"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq kubernetes-client >/dev/null
fi
echo "==> React 17 check (the plugin's components rendered on React 17.0.2 in Chromium)"
yarn check:react17

PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/e2e-test-results/playwright.json" \
  yarn playwright test --reporter=list,json

echo "==> End-to-end tests of the production profile (built app and backend, OIDC sign-in)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/e2e-test-results/playwright-production.json" \
  yarn playwright test --config playwright.production.config.ts --reporter=list,json

echo "==> End-to-end tests of the replicas topology (PostgreSQL, Redis, two backends behind a proxy)"
# The production suite has just built the app and the backend.
E2E_SKIP_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/e2e-test-results/playwright-replicas.json" \
  yarn playwright test --config playwright.replicas.config.ts --reporter=list,json

echo "==> The plugins' development harnesses (yarn workspace … start, opened in Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/e2e-test-results/playwright-harness.json" \
  yarn playwright test --config playwright.harness.config.ts --reporter=list,json

echo "==> Proof by installation (an app from @backstage/create-app with the packed plugins)"
# The packages were packed and checked above (yarn pack:check).
E2E_SKIP_PACK=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/e2e-test-results/playwright-install.json" \
  yarn playwright test --config playwright.install.config.ts --reporter=list,json

node scripts/summarize-tests.js e2e-test-results/jest.json e2e-test-results/playwright.json \
  e2e-test-results/playwright-production.json e2e-test-results/playwright-replicas.json \
  e2e-test-results/playwright-harness.json e2e-test-results/playwright-install.json
