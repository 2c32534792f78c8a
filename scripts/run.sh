#!/usr/bin/env bash
# Builds the console and opens it. Extra arguments go to opsconsole, e.g.
#   scripts/run.sh --listen 8080
#   scripts/run.sh --headless --listen 127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
exec build/app/opsconsole "$@"
