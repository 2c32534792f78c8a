#!/usr/bin/env bash
# The desktop entry and the AppStream metadata, checked by the freedesktop and AppStream
# validators. A missing tool is a skip (exit 77) with the reason printed.
# Usage: check_desktop_entry.sh DESKTOP_FILE METAINFO_FILE
set -euo pipefail
desktop=$1 metainfo=$2
missing=()
command -v desktop-file-validate >/dev/null || missing+=("desktop-file-validate (Debian package desktop-file-utils)")
command -v appstreamcli >/dev/null || missing+=("appstreamcli (Debian package appstream)")
if [ ${#missing[@]} -eq 2 ]; then
  echo "SKIP: ${missing[*]} not found (scripts/deps.sh --test installs them)"
  exit 77
fi
if command -v desktop-file-validate >/dev/null; then
  # It prints hints and errors and fails only on errors; hints count too.
  report=$(desktop-file-validate "$desktop" 2>&1) || { echo "$report"; exit 1; }
  [ -z "$report" ] || { echo "$report"; exit 1; }
  echo "desktop-file-validate: $(basename "$desktop") is valid"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --pedantic --explain "$metainfo"
fi
[ ${#missing[@]} -eq 0 ] || { echo "SKIP: ${missing[*]} not found"; exit 77; }
