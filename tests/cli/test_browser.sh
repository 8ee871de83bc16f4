#!/usr/bin/env bash
# test_browser.sh — the browser tests (tests/browser/*.test.mjs): Playwright
# (playwright-core, pinned in package.json) drives the system's Chromium
# through the portal and the staff console on a real `ogi serve`.  Installs
# the npm dev dependency from package-lock.json when node_modules is
# missing (no browser download).  Fails when node or chromium is missing:
# CI installs them (scripts/install-deps.sh test).  Screenshots and server
# logs go to $OGI_BUILD_DIR/artifacts/browser/.
set -u
: "${OGI_BIN:?}" "${OGI_SOURCE_DIR:?}" "${OGI_SHARED:?}" "${OGI_BUILD_DIR:?}"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export OGI_CHROMIUM=${OGI_CHROMIUM:-/usr/bin/chromium}

command -v node >/dev/null || { echo "FAIL - node is not installed (scripts/install-deps.sh test)"; exit 1; }
command -v npm >/dev/null || { echo "FAIL - npm is not installed (scripts/install-deps.sh test)"; exit 1; }
[ -x "$OGI_CHROMIUM" ] || { echo "FAIL - no Chromium at $OGI_CHROMIUM (scripts/install-deps.sh test)"; exit 1; }

cd "$OGI_SOURCE_DIR" || exit 1
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund || { echo "FAIL - npm ci"; exit 1; }
fi
mkdir -p "$OGI_BUILD_DIR/artifacts/browser"
node --test tests/browser/
