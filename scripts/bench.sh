#!/usr/bin/env bash
# Builds and runs the benchmarks with a private PostgreSQL of their own. Prints ratios against
# baselines measured in the same run (absolute times on shared machines drift).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
source scripts/pg.sh
pg_start
trap pg_stop EXIT
# Every benchmark runs; the exit status is 1 if any figure missed its target.
status=0
build/tests/bench/bench_buffer "$@" || status=1
build/tests/bench/bench_sync || status=1
build/tests/bench/bench_desk || status=1
exit $status
