#!/usr/bin/env bash
# bench-ledger.sh — build and run the ledger benchmark (bench/ledger_bench.c).
#
#   scripts/bench-ledger.sh                 full size: 1,000,000 applications and
#                                           1,000,000 registry items (tens of minutes)
#   scripts/bench-ledger.sh --scale 10      one tenth of that (a few minutes)
#   scripts/bench-ledger.sh --db /big/disk/bench.db --keep
#
# Builds an optimised copy in $BUILD_DIR (default build-bench, no sanitizers:
# a benchmark of an ASan build measures ASan) and passes every argument on.
# The calendar comes from $OGI_SHARED/spec/holidays.csv (default ../shared).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
shared=${OGI_SHARED:-$root/../shared}

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOGI_BENCH=ON -DOGI_TESTS=OFF \
  -DOGI_SANITIZE=OFF >/dev/null
cmake --build "$build" -j2 --target ledger_bench >/dev/null
exec "$build/bench/ledger_bench" --calendar "$shared/spec/holidays.csv" "$@"
