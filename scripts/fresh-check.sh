#!/usr/bin/env bash
# Proves that the README's two commands work on a fresh Debian 12 machine: builds a minimal
# bookworm root with debootstrap, puts a clean clone of this repository in it (/src), and runs
# inside it, as root and with nothing preinstalled but the base system:
#   1. scripts/run.sh --headless --listen 0 --buffer /tmp/fresh-run.sqlite
#      (installs deps, builds, must print "listening on HOST:PORT" and exit 0 on SIGTERM)
#   2. scripts/test.sh
#      (installs what is missing, builds, private PostgreSQL, ctest)
# and prints PASS/FAIL with the elapsed time of each step. Exit status 0 only if both pass.
#
# It is NOT part of CI (.ci/run): it downloads a base system and every build dependency and
# builds the whole tree from scratch: about 8 minutes on the 2-core development machine with a
# near mirror, far longer on a slow link. Run it by hand, as root, before a release or after
# touching scripts/deps.sh or the build.
#
# Needs root (debootstrap, chroot, mounts) and a reachable Debian mirror; the mirror is the one
# the host's apt uses. The chroot shares the host's network namespace (the tests' PostgreSQL and
# the console listen on free loopback ports, so they do not collide with the host).
#
# Environment:
#   FRESH_TMPDIR=/var/tmp     where the temporary root is made (needs a few GB)
#   FRESH_CACHE=FILE.tar.gz   reuse a pristine base root from FILE (made by debootstrap on the
#                             first run when FILE does not exist). Default: no cache, a truly
#                             fresh debootstrap every run.
#   FRESH_WORKTREE=1          copy the working tree (tracked files as they are now, plus untracked
#                             files that are not ignored) instead of the committed HEAD only;
#   FRESH_WORKTREE="PATH..."  the same for those paths only (git pathspecs), HEAD for the rest,
#                             e.g. FRESH_WORKTREE=scripts to try uncommitted script changes
#   FRESH_MIRROR=URL          Debian mirror (default: the host's first bookworm main source)
#   FRESH_VARIANT=minbase     debootstrap variant (minbase: essential packages and apt only)
#   FRESH_RUN_TIMEOUT=7200    seconds for step 1 (deps + full build + "listening on")
#   FRESH_TEST_TIMEOUT=7200   seconds for step 2
#   FRESH_LANG=C.UTF-8        LANG inside the root
#   FRESH_KEEP=1              keep the root afterwards (for a look inside; mounts are still undone)
#
# Chroot-only concessions (not something a real machine has): a policy-rc.d that keeps package
# installs from starting services (the postgresql package would otherwise start a cluster on
# the host's port 5432), and the host's /etc/resolv.conf.
# shellcheck disable=SC2317  # the steps and the trap handler are called indirectly
set -euo pipefail
umask 022

REPO=$(cd "$(dirname "$0")/.." && pwd)
SUITE=bookworm
FRESH_TMPDIR=${FRESH_TMPDIR:-/var/tmp}
FRESH_CACHE=${FRESH_CACHE:-}
FRESH_WORKTREE=${FRESH_WORKTREE:-0}
FRESH_VARIANT=${FRESH_VARIANT:-minbase}
FRESH_RUN_TIMEOUT=${FRESH_RUN_TIMEOUT:-7200}
FRESH_TEST_TIMEOUT=${FRESH_TEST_TIMEOUT:-7200}
FRESH_LANG=${FRESH_LANG:-C.UTF-8}
FRESH_KEEP=${FRESH_KEEP:-0}
STOP_TIMEOUT=60

if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-check: must run as root (debootstrap, chroot, mount)" >&2
  exit 2
fi

log() { printf '[fresh-check %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# --- step bookkeeping -------------------------------------------------------------------------

STEP_NAMES=()
STEP_RESULTS=()
STEP_TIMES=()
T0=$(date +%s)
WORK=""
ROOT=""
STEP_PID=""
CUR_STEP=""
CUR_START=0

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# run_step NAME FUNCTION: runs FUNCTION in a subshell with set -e in force, records the result.
run_step() {
  local name=$1 fn=$2 start rc
  start=$(date +%s)
  CUR_STEP=$name; CUR_START=$start
  log "=== $name"
  ( set -e; "$fn" ) &
  STEP_PID=$!
  wait "$STEP_PID" && rc=0 || rc=$?
  STEP_PID=""; CUR_STEP=""
  STEP_NAMES+=("$name")
  STEP_TIMES+=("$(($(date +%s) - start))")
  if [ "$rc" -eq 0 ]; then STEP_RESULTS+=(PASS); else STEP_RESULTS+=("FAIL (exit $rc)"); fi
  log "=== $name: ${STEP_RESULTS[-1]} in $(fmt_secs "${STEP_TIMES[-1]}")"
  return "$rc"
}

summary() {
  local i failed=0
  echo
  echo "==================== fresh-check summary ===================="
  for i in "${!STEP_NAMES[@]}"; do
    printf '  %-4s %8s  %s%s\n' "${STEP_RESULTS[$i]%% *}" "$(fmt_secs "${STEP_TIMES[$i]}")" \
      "${STEP_NAMES[$i]}" "$([ "${STEP_RESULTS[$i]}" = PASS ] || echo " ${STEP_RESULTS[$i]#* }")"
    [ "${STEP_RESULTS[$i]}" = PASS ] || failed=1
  done
  [ ${#STEP_NAMES[@]} -gt 0 ] || failed=1
  printf '  %-4s %8s\n' total "$(fmt_secs $(($(date +%s) - T0)))"
  if [ "$failed" -eq 0 ] && [ "${ALL_DONE:-0}" -eq 1 ]; then
    echo "  RESULT: PASS (both README commands work on a fresh Debian 12 root)"
  else
    echo "  RESULT: FAIL"
  fi
  echo "============================================================="
}

# --- cleanup: stop what runs in the root, undo every mount under it, remove it ----------------

root_mounts() {
  # Mount points at or below $ROOT, deepest first.
  [ -n "$ROOT" ] || return 0
  awk -v r="$ROOT" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

kill_root_processes() {
  [ -n "$ROOT" ] && [ -d "$ROOT" ] || return 0
  local sig p pid link found
  for sig in TERM KILL; do
    found=0
    for p in /proc/[0-9]*; do
      pid=${p#/proc/}
      link=$(readlink "$p/root" 2>/dev/null) || continue
      if [ "$link" = "$ROOT" ] || [ "${link#"$ROOT"/}" != "$link" ]; then
        kill -"$sig" "$pid" 2>/dev/null && found=1
      fi
    done
    [ "$found" -eq 1 ] || break
    sleep 3
  done
}

kill_tree() {
  # SIGTERM to PID and all its descendants (children first found through /proc).
  local pid=$1 p
  for p in /proc/[0-9]*; do
    [ "$(sed 's/.*) //' "$p/stat" 2>/dev/null | cut -d' ' -f2)" = "$pid" ] && kill_tree "${p#/proc/}"
  done
  kill -TERM "$pid" 2>/dev/null || true
}

# find_descendant PID COMM: the first process below PID whose name is COMM.
find_descendant() {
  local p ppid comm
  for p in /proc/[0-9]*; do
    ppid=$(sed 's/.*) //' "$p/stat" 2>/dev/null | cut -d' ' -f2)
    [ "$ppid" = "$1" ] || continue
    comm=$(cat "$p/comm" 2>/dev/null) || continue
    if [ "$comm" = "$2" ]; then echo "${p#/proc/}"; return 0; fi
    find_descendant "${p#/proc/}" "$2" && return 0
  done
  return 1
}

cleanup() {
  local rc=$? m
  trap - EXIT INT TERM
  set +e
  if [ -n "$STEP_PID" ]; then
    log "interrupted; stopping the running step"
    kill_tree "$STEP_PID"
    wait "$STEP_PID" 2>/dev/null
    STEP_NAMES+=("$CUR_STEP"); STEP_TIMES+=("$(($(date +%s) - CUR_START))"); STEP_RESULTS+=("FAIL (interrupted)")
  fi
  if [ -n "$ROOT" ] && [ -d "$ROOT" ]; then
    kill_root_processes
    for m in $(root_mounts); do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
    done
    if [ -n "$(root_mounts)" ]; then
      log "mounts remain under $ROOT; not removing it"
    elif [ "$FRESH_KEEP" = 1 ]; then
      log "root kept at $ROOT"
    else
      rm -rf --one-file-system "$WORK"
    fi
  fi
  summary
  if [ "$rc" -eq 0 ] && [ "${ALL_DONE:-0}" -ne 1 ]; then rc=1; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the host's mirror --------------------------------------------------------------------------

# Prints "URI SUITE" for every enabled deb source with component main, from sources.list,
# sources.list.d/*.list and sources.list.d/*.sources (deb822), in apt's order.
host_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '
      { sub(/#.*/, "") }
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) i++; i++ }
        uri = $i; suite = $(i + 1); main = 0
        for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
        if (main) print uri, suite
      }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush(   n, m, a, b, k, l) {
        if (types ~ /(^| )deb( |$)/ && comps ~ /(^| )main( |$)/ && tolower(enabled) != "no") {
          n = split(uris, a, " "); m = split(suites, b, " ")
          for (k = 1; k <= n; k++) for (l = 1; l <= m; l++) print a[k], b[l]
        }
        types = uris = suites = comps = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        line = $0; key = tolower(line); sub(/:.*/, "", key); val = line; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") types = val; else if (key == "uris") uris = val
        else if (key == "suites") suites = val; else if (key == "components") comps = val
        else if (key == "enabled") enabled = val
      }
      END { flush() }' "$f"
  done
}

SOURCES=$(host_sources | awk -v s="$SUITE" '$2 == s || $2 == s "-updates" || $2 == s "-security"' | awk '!seen[$0]++')
MIRROR=${FRESH_MIRROR:-$(printf '%s\n' "$SOURCES" | awk -v s="$SUITE" '$2 == s { print $1; exit }')}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
MIRROR=${MIRROR%/}

WORK=$(mktemp -d "$FRESH_TMPDIR/fresh-check.XXXXXX")
ROOT=$WORK/root
mkdir "$ROOT"
chmod 755 "$WORK" "$ROOT"
log "repository $REPO at $(git -C "$REPO" rev-parse --short HEAD)$(
  case "$FRESH_WORKTREE" in 0 | "") ;; 1) echo ' + working tree' ;; *) echo " + working tree of: $FRESH_WORKTREE" ;; esac)"
log "root $ROOT, mirror $MIRROR, variant $FRESH_VARIANT"

# "${IN_CHROOT[@]}" CMD...: CMD inside the root as root, at the lowest priority (another build
# may share the machine), with a clean login-like environment (nothing leaks in from the host).
IN_CHROOT=(nice -n 19 chroot "$ROOT" /usr/bin/env -i
  HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb LANG="$FRESH_LANG"
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)

# --- steps ----------------------------------------------------------------------------------

step_host_tools() {
  if command -v debootstrap >/dev/null; then
    echo "debootstrap already installed"
    return 0
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap || {
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap
  }
}

step_base_root() {
  local include=()
  case "$MIRROR" in https:*) include=(--include=ca-certificates) ;; esac
  if [ -n "$FRESH_CACHE" ] && [ -f "$FRESH_CACHE" ]; then
    echo "unpacking cached pristine base $FRESH_CACHE"
    tar --numeric-owner -xpzf "$FRESH_CACHE" -C "$ROOT"
  else
    nice -n 19 debootstrap --variant="$FRESH_VARIANT" "${include[@]}" "$SUITE" "$ROOT" "$MIRROR"
    if [ -n "$FRESH_CACHE" ]; then
      echo "saving pristine base to $FRESH_CACHE"
      tar --numeric-owner -czf "$FRESH_CACHE.tmp" -C "$ROOT" .
      mv "$FRESH_CACHE.tmp" "$FRESH_CACHE"
    fi
  fi
  # What the host's apt uses for bookworm (main only), so updates and security come as on a
  # real installation.
  {
    if [ -n "$SOURCES" ]; then
      printf '%s\n' "$SOURCES" | awk '{ print "deb " $1 " " $2 " main" }'
    fi
    printf '%s\n' "$SOURCES" | grep -qxF "$MIRROR $SUITE" || echo "deb $MIRROR $SUITE main"
  } | awk '!seen[$0]++' >"$ROOT/etc/apt/sources.list"
  rm -f "$ROOT"/etc/apt/sources.list.d/*
  echo "apt sources in the root:"; sed 's/^/  /' "$ROOT/etc/apt/sources.list"
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
  if [ ! -s "$ROOT/etc/hosts" ]; then
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
  fi
  # As the installer does: the machine's own name resolves (the root shares the host's name).
  grep -qw "$(hostname)" "$ROOT/etc/hosts" || printf '127.0.1.1\t%s\n' "$(hostname)" >>"$ROOT/etc/hosts"
  printf '#!/bin/sh\n# fresh-check: no services are started inside the chroot\nexit 101\n' \
    >"$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  echo "base root: $(du -sh --one-file-system "$ROOT" | cut -f1), $(chroot "$ROOT" dpkg-query -W | wc -l) packages"
}

step_copy_source() {
  local head
  head=$(git -C "$REPO" rev-parse HEAD)
  git clone --quiet --no-hardlinks "$REPO" "$ROOT/src"
  git -C "$ROOT/src" checkout --quiet --detach "$head"
  if [ -n "$FRESH_WORKTREE" ] && [ "$FRESH_WORKTREE" != 0 ]; then
    local spec=()
    # shellcheck disable=SC2206  # a list of pathspecs, split on blanks on purpose
    [ "$FRESH_WORKTREE" = 1 ] || spec=($FRESH_WORKTREE)
    # Tracked files as they are now (deleted ones removed) plus untracked, non-ignored ones.
    (cd "$REPO" && git ls-files -z --deleted -- "${spec[@]}") | (cd "$ROOT/src" && xargs -0 -r rm -f --)
    (cd "$REPO" && git ls-files -z --cached --others --exclude-standard -- "${spec[@]}") |
      (cd "$REPO" && while IFS= read -r -d '' f; do
         if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
       done) |
      tar -C "$REPO" --null -T - -cf - | tar -C "$ROOT/src" -xpf -
    echo "working tree copied; differences from HEAD:"
    git -C "$ROOT/src" status --short | sed 's/^/  /'
  fi
  [ ! -e "$ROOT/src/build" ] || { echo "a build/ folder came along; refusing" >&2; return 1; }
  chown -R root:root "$ROOT/src"
  echo "/src at $(git -C "$ROOT/src" rev-parse --short HEAD), $(git -C "$ROOT/src" ls-files | wc -l) tracked files"
}

mount_private() {
  # mount ARGS... TARGET; the new mount gets no propagation back to the host.
  mount "$@"
  mount --make-rslave "${@: -1}"
}

step_mounts() {
  mount_private -t proc proc "$ROOT/proc"
  mount_private -t sysfs sysfs "$ROOT/sys"
  mount_private --bind /dev "$ROOT/dev"
  mkdir -p "$ROOT/dev/pts" "$ROOT/dev/shm"
  mount_private --bind /dev/pts "$ROOT/dev/pts"
  mount_private -t tmpfs -o mode=1777,nosuid,nodev shm "$ROOT/dev/shm"
  root_mounts | sed 's/^/  mounted /'
}

# Step 1: scripts/run.sh headless. Passes when it prints "listening on HOST:PORT" within the
# timeout and, stopped with SIGTERM, exits 0.
step_run() {
  local out=$WORK/run.out pid child line addr host port rc waited
  : >"$out"
  timeout --kill-after=30 "$FRESH_RUN_TIMEOUT" \
    "${IN_CHROOT[@]}" bash -c 'cd /src && exec scripts/run.sh --headless --listen 0 --buffer /tmp/fresh-run.sqlite' \
      > >(tee -a "$out") 2>&1 &
  pid=$!
  line=""
  while kill -0 "$pid" 2>/dev/null; do
    line=$(grep -m1 -E '^listening on [^ ]+:[0-9]+$' "$out" || true)
    [ -z "$line" ] || break
    sleep 2
  done
  if [ -z "$line" ]; then
    wait "$pid" && rc=0 || rc=$?
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      echo "FAIL: no 'listening on' within ${FRESH_RUN_TIMEOUT}s" >&2
    else
      echo "FAIL: scripts/run.sh exited $rc without printing 'listening on'" >&2
    fi
    return 1
  fi
  echo "got: $line"

  # Informational: ask the running console for /health over the shared loopback.
  addr=${line#listening on }
  host=${addr%:*}; port=${addr##*:}
  case "$host" in 0.0.0.0 | "" | "::" | "[::]") host=127.0.0.1 ;; esac
  host=${host#[}; host=${host%]}
  if status=$(timeout 10 bash -c '
        exec 3<>"/dev/tcp/$1/$2"
        printf "GET /health HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" "$1" >&3
        head -n1 <&3' _ "$host" "$port" 2>/dev/null); then
    echo "GET /health: ${status%$'\r'}"
  else
    echo "GET /health: no answer (not counted)"
  fi

  # timeout's command became opsconsole through the execs (nice, chroot, env, bash, run.sh);
  # send SIGTERM to it alone. (timeout's other child is the tee of the output.)
  child=$(find_descendant "$pid" opsconsole || true)
  if [ -z "$child" ]; then
    echo "FAIL: cannot find the opsconsole process under timeout (pid $pid)" >&2
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || true
    return 1
  fi
  echo "sending SIGTERM to opsconsole (pid $child)"
  kill -TERM "$child"
  waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$STOP_TIMEOUT" ]; do sleep 1; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: opsconsole still running ${STOP_TIMEOUT}s after SIGTERM; killing it" >&2
    kill -KILL "$child" 2>/dev/null || true
    wait "$pid" || true
    return 1
  fi
  wait "$pid" && rc=0 || rc=$?
  echo "opsconsole exited $rc after SIGTERM (${waited}s)"
  [ "$rc" -eq 0 ]
}

step_test() {
  timeout --kill-after=30 "$FRESH_TEST_TIMEOUT" \
    "${IN_CHROOT[@]}" bash -c 'cd /src && exec scripts/test.sh' && rc=0 || rc=$?
  [ "$rc" -ne 124 ] || echo "FAIL: scripts/test.sh did not finish within ${FRESH_TEST_TIMEOUT}s" >&2
  return "$rc"
}

# --- main -------------------------------------------------------------------------------------

run_step "host: debootstrap installed" step_host_tools
run_step "debootstrap $SUITE ($FRESH_VARIANT)$([ -n "$FRESH_CACHE" ] && echo ", cache $FRESH_CACHE")" step_base_root
run_step "copy repository to /src" step_copy_source
run_step "mount proc, sys, dev, dev/pts, dev/shm" step_mounts
# The two README commands are independent: run the second even if the first failed.
run_ok=0; test_ok=0
run_step "scripts/run.sh --headless --listen 0 --buffer /tmp/fresh-run.sqlite" step_run && run_ok=1 || true
run_step "scripts/test.sh" step_test && test_ok=1 || true
if [ "$run_ok" -eq 1 ] && [ "$test_ok" -eq 1 ]; then ALL_DONE=1; exit 0; fi
exit 1
