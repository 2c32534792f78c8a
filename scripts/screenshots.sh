#!/usr/bin/env bash
# Takes the README's screenshots: the real console, under Xvfb, on a simulated night synced to a
# private PostgreSQL, in both themes. Writes docs/screenshots/*.png (day) and
# docs/screenshots/night/*.png (the night theme).
#   OPSCONSOLE_BUILD=DIR  use that (already built) CMake tree instead of building build/
set -euo pipefail
cd "$(dirname "$0")/.."
build=${OPSCONSOLE_BUILD:-build}
if [ "$build" = build ]; then
  scripts/deps.sh
  scripts/build.sh
fi
source scripts/pg.sh
pg_start
trap pg_stop EXIT
mkdir -p docs/screenshots/night
for theme in day night; do
  dir=docs/screenshots
  [ "$theme" = night ] && dir=docs/screenshots/night
  HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1600x1000x24" "$build/tests/tools/screenshots" "$dir" "$theme"
done
# The PDF report's first page as a picture for the README; the PDF itself is not kept.
pdftoppm -png -r 70 -f 1 -l 1 -singlefile docs/screenshots/report.pdf docs/screenshots/report
rm -f docs/screenshots/report.pdf
