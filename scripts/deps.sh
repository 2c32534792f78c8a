#!/usr/bin/env bash
# Installs the Debian packages the console needs to build, run and test. Idempotent: installs
# only what is missing, so a second run costs a second. `--test` adds the validators the
# deployment tests run (scripts/test.sh passes it): not wanted on a control-room desk, where
# the package prometheus would also start a Prometheus server.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev libqt6sql6-sqlite libqt6sql6-psql
  qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-l10n-tools qt6-tools-dev qt6-translations-l10n libgl-dev
  libpq-dev libsqlite3-dev postgresql tzdata xvfb xauth poppler-utils imagemagick
  dpkg-dev file
)
if [ "${1:-}" = "--test" ]; then
  # desktop-file-validate, appstreamcli, lintian, promtool (prometheus: 12 s, about 100 MB)
  packages+=(desktop-file-utils appstream lintian prometheus)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
