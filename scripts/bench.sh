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
build/tests/bench/bench_buffer "$@"
build/tests/bench/bench_sync
build/tests/bench/bench_desk
