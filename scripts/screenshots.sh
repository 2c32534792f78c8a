#!/usr/bin/env bash
# Takes the README's screenshots: the real console, under Xvfb, on a simulated night synced to a
# private PostgreSQL. Writes docs/screenshots/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
source scripts/pg.sh
pg_start
trap pg_stop EXIT
mkdir -p docs/screenshots
HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1600x1000x24" build/tests/tools/screenshots docs/screenshots
# The PDF report's first page as a picture for the README; the PDF itself is not kept.
pdftoppm -png -r 70 -f 1 -l 1 -singlefile docs/screenshots/report.pdf docs/screenshots/report
rm -f docs/screenshots/report.pdf
