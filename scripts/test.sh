#!/usr/bin/env bash
# Installs what is missing, builds, starts a throw-away PostgreSQL of its own and runs ctest.
# The server listens on 127.0.0.1 only, on a free port, and is stopped when the script exits.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test
scripts/build.sh

source scripts/pg.sh
pg_start
trap pg_stop EXIT

cd build
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j2 --timeout 900 "$@"
