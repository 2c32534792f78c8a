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
# Central keeps every commit on disk; the test server does not (pg.sh). The drain and its COPY
# baseline are measured with fsync on. (bench_buffer keeps it off: there the server stands in
# for a central 11,000 km away, whose fsyncs never reach the console's disk.)
as=()
[ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
"${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "${PG_OPTS/fsync=off/fsync=on}" restart >/dev/null
build/tests/bench/bench_sync || status=1
build/tests/bench/bench_desk || status=1
exit $status
