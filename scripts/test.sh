#!/usr/bin/env bash
# Runs every check: type checking, lint, each package's jest tests and the Playwright end-to-end
# suite in headless Chromium against the real app + backend + sandbox.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ensure_installed
export CI="${CI:-true}"
mkdir -p e2e-test-results

echo "==> Formatting (prettier --check)"
yarn prettier:check

echo "==> Type check"
yarn tsc

echo "==> Lint"
yarn backstage-cli repo lint

echo "==> Unit and integration tests (jest)"
yarn backstage-cli repo test --json --outputFile="$ROOT/e2e-test-results/jest.json"

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
PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/e2e-test-results/playwright.json" \
  yarn playwright test --reporter=list,json

echo "==> End-to-end tests of the production profile (built app and backend, OIDC sign-in)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$ROOT/e2e-test-results/playwright-production.json" \
  yarn playwright test --config playwright.production.config.ts --reporter=list,json

node scripts/summarize-tests.js e2e-test-results/jest.json e2e-test-results/playwright.json \
  e2e-test-results/playwright-production.json
