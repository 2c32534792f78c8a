#!/usr/bin/env bash
# Builds the console and opens it. Without arguments it opens on the demo night (a buffer of its
# own, made afresh); with arguments they go to opsconsole and it runs on the real buffer, e.g.
#   scripts/run.sh --listen 8080
#   scripts/run.sh --headless --listen 127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
if [ $# -eq 0 ]; then
  exec build/app/opsconsole --demo
fi
exec build/app/opsconsole "$@"
