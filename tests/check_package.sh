#!/usr/bin/env bash
# The Debian package, checked as an observatory machine would take it:
#   build     cpack makes the .deb from the built tree (as `--target package` does)
#   contents  dpkg -x into a scratch root: every file where it belongs, the control fields,
#             and the unpacked executable runs
#   unit      systemd-analyze verify on the unpacked service unit
#   lintian   lintian on the .deb: no error, no warning (the informational tags left are
#             justified in resources/lintian-overrides)
# A missing tool is a skip (exit 77) with the reason printed.
# Usage: check_package.sh BUILD_DIR build|contents|unit|lintian
set -euo pipefail
build=$1 stage=$2
out=$build/package-check

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
the_deb() {
  local deb
  deb=$(ls "$out"/opsconsole_*.deb 2>/dev/null | head -n1)
  [ -n "$deb" ] || { [ ! -f "$out.skipped" ] || skip "package_build was skipped"; fail "no .deb in $out (the package_build test makes it)"; }
  echo "$deb"
}

case $stage in
build)
  rm -rf "$out" "$out.skipped"
  # CPack finds the dependencies with dpkg-shlibdeps and needs `file` to spot the executables.
  if ! command -v dpkg-shlibdeps >/dev/null || ! command -v file >/dev/null; then
    touch "$out.skipped"
    skip "dpkg-shlibdeps or file not found: Debian packages dpkg-dev and file (scripts/deps.sh)"
  fi
  cpack --config "$build/CPackConfig.cmake" -B "$out" >"$out.log" 2>&1 || { cat "$out.log"; fail "cpack"; }
  deb=$(the_deb)
  echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
  ;;
contents)
  deb=$(the_deb)
  root=$out/root
  rm -rf "$root"
  dpkg-deb -x "$deb" "$root"
  for f in \
    usr/bin/opsconsole \
    usr/share/applications/org.ccatobservatory.opsconsole.desktop \
    usr/share/icons/hicolor/scalable/apps/org.ccatobservatory.opsconsole.svg \
    usr/share/metainfo/org.ccatobservatory.opsconsole.metainfo.xml \
    usr/share/man/man1/opsconsole.1.gz \
    usr/share/doc/opsconsole/copyright \
    usr/share/doc/opsconsole/changelog.gz \
    usr/share/doc/opsconsole/grafana-dashboard.json \
    usr/lib/systemd/system/opsconsole-headless.service \
    usr/lib/sysusers.d/opsconsole.conf \
    usr/share/lintian/overrides/opsconsole \
    etc/opsconsole/opsconsole.ini; do
    [ -f "$root/$f" ] || fail "/$f is missing from the package"
  done
  unexpected=$(cd "$root" && find . -type f | sed 's|^\./||' |
    grep -v -e '^usr/bin/' -e '^usr/share/' -e '^usr/lib/systemd/' -e '^usr/lib/sysusers.d/' \
            -e '^etc/opsconsole/' || true)
  [ -z "$unexpected" ] || fail "files outside the expected folders: $unexpected"
  # Translations are compiled into the executable (qt_add_translations), not separate files.
  # (rcc stores resource names in UTF-16: drop the NULs to find them.)
  for lang in de es; do
    tr -d '\000' <"$root/usr/bin/opsconsole" | grep -c "opsconsole_$lang.qm" >/dev/null ||
      fail "the translation opsconsole_$lang.qm is not in the executable"
  done
  [ "$(stat -c %a "$root/usr/bin/opsconsole")" = 755 ] || fail "the executable is not 0755"
  depends=$(dpkg-deb -f "$deb" Depends)
  for d in libqt6core6 libqt6widgets6 libpq5 libsqlite3-0 libqt6sql6-sqlite libqt6svg6 systemd-sysusers; do
    [[ $depends == *"$d"* ]] || fail "Depends lacks $d: $depends"
  done
  dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -qx './conffiles' || fail "no conffiles"
  dpkg-deb -I "$deb" conffiles | grep -qx '/etc/opsconsole/opsconsole.ini' || fail "the config file is not a conffile"
  for script in postinst postrm; do
    dpkg-deb -I "$deb" "$script" | sh -n || fail "$script does not parse"
  done
  gzip -t "$root/usr/share/man/man1/opsconsole.1.gz"
  if command -v man >/dev/null; then
    warnings=$(man --warnings -l "$root/usr/share/man/man1/opsconsole.1.gz" 2>&1 >/dev/null || true)
    [ -z "$warnings" ] || fail "man page: $warnings"
  fi
  "$root/usr/bin/opsconsole" --version | grep -q '^opsconsole ' || fail "the unpacked executable does not run"
  grep -q -- '--log-format' <("$root/usr/bin/opsconsole" --help) || fail "--help lacks --log-format"
  echo "$(basename "$deb"): $(cd "$root" && find . -type f | wc -l) files where they belong; Depends: $depends"
  ;;
unit)
  command -v systemd-analyze >/dev/null || skip "systemd-analyze not found (Debian package systemd)"
  deb=$(the_deb)
  root=$out/unit-root
  rm -rf "$root"
  dpkg-deb -x "$deb" "$root"
  # verify wants the unit's executable where ExecStart says: the copy checked here names the
  # unpacked one, and nothing else differs. The man page is checked by package_contents, and
  # unknown users are not verify's business, so nothing needs installing.
  unit=$out/opsconsole-headless.service
  sed "s|/usr/bin/opsconsole|$root/usr/bin/opsconsole|g" \
    "$root/usr/lib/systemd/system/opsconsole-headless.service" >"$unit"
  log=$out/unit-verify.log
  if ! systemd-analyze verify --man=no "$unit" >"$log" 2>&1; then
    cat "$log"
    fail "systemd-analyze verify"
  fi
  # verify passes with warnings about the host; ours must not be among them.
  if grep -i 'opsconsole' "$log"; then
    fail "systemd-analyze verify complains about the unit (above)"
  fi
  echo "systemd-analyze verify: opsconsole-headless.service is clean"
  ;;
lintian)
  command -v lintian >/dev/null || skip "lintian not found (Debian package lintian; scripts/deps.sh --test)"
  deb=$(the_deb)
  lintian --fail-on error,warning --display-info "$deb" || fail "lintian found errors or warnings (above)"
  echo "lintian: no errors, no warnings"
  ;;
*) fail "unknown stage $stage" ;;
esac
