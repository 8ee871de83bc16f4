#!/usr/bin/env bash
# Install the Debian packages ogi needs to build, test and run — only the
# ones that are missing, so `make run` on a prepared machine costs nothing.
# Usage: scripts/install-deps.sh [build|test|all]   (default: build)
set -euo pipefail

what=${1:-build}
build_pkgs=(build-essential cmake pkg-config
  libjansson-dev libutf8proc-dev libxml2-dev libzip-dev libpoppler-glib-dev
  libsqlite3-dev libmicrohttpd-dev libsodium-dev libxlsxwriter-dev libpq-dev)
test_pkgs=(libcmocka-dev clang libclang-rt-14-dev valgrind jq poppler-utils chromium fonts-noto-cjk
  curl postgresql libreoffice-writer-nogui libreoffice-calc-nogui libxml2-utils unzip wrk)

pkgs=("${build_pkgs[@]}")
[ "$what" = build ] || pkgs+=("${test_pkgs[@]}")
# The browser tests (tests/cli/test_browser.sh) need node and npm: a node
# already on the machine (e.g. NodeSource's) is kept, Debian's is the fallback.
if [ "$what" != build ] && ! node --version >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ogi: installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
