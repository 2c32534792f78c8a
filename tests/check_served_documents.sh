#!/usr/bin/env bash
# What a real console serves, checked by the tool of each ecosystem:
#   metrics  `promtool check metrics` on GET /metrics (after a write and a refusal, so counters,
#            labels and the latency histogram carry samples), and every query of the Grafana
#            dashboard parsed by `promtool check rules`, its metric names served;
#   openapi  `npx @redocly/cli lint` on GET /openapi.json (needs the npm registry once).
# A missing tool is a skip (exit 77) with the reason printed.
# Usage: check_served_documents.sh OPSCONSOLE metrics|openapi SOURCE_DIR
set -euo pipefail
exe=$1 mode=$2 src=$3

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
case $mode in
  metrics) command -v promtool >/dev/null ||
    skip "promtool not found: it comes with the Debian package prometheus (scripts/deps.sh --test)" ;;
  openapi) command -v npx >/dev/null ||
    skip "npx not found: install node and npm (Debian packages nodejs npm) to lint the OpenAPI document" ;;
  *) fail "unknown mode $mode" ;;
esac

work=$(mktemp -d)
pid=
cleanup() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

token=$("$exe" token create --name check --scopes admin --buffer "$work/buffer.sqlite" 2>/dev/null)
: >"$work/out"
"$exe" --headless --listen 127.0.0.1:0 --buffer "$work/buffer.sqlite" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do
  grep -q '^listening on' "$work/out" && break
  kill -0 "$pid" 2>/dev/null || fail "the console exited: $(cat "$work/err")"
  sleep 0.1
done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/out")
[ -n "$port" ] || fail "the console did not say where it listens"

# request METHOD PATH [BODY]: the response body on stdout, the status line in $work/status.
# Plain bash (/dev/tcp), so the check needs no HTTP client installed.
request() {
  local body=${3:-}
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "$token" "${#body}" "$body" >&3
  cat <&3 >"$work/response"
  exec 3<&-
  head -n1 "$work/response" | tr -d '\r' >"$work/status"
  sed '1,/^\r$/d' "$work/response"
}

case $mode in
metrics)
  request POST /executed_obs_units/start '{"obs_unit_id": 7}' >/dev/null
  grep -q ' 20[01] ' "$work/status" || fail "start: $(cat "$work/status")"
  request POST /executed_obs_units/start '{"obs_unit_id": "seven"}' >/dev/null
  request GET /metrics >"$work/metrics"
  grep -q ' 200 ' "$work/status" || fail "GET /metrics: $(cat "$work/status")"
  grep -q '^opsconsole_ack_latency_seconds_count 1$' "$work/metrics" ||
    fail "the acknowledged write is not in the latency histogram"
  echo "promtool check metrics on $(wc -l <"$work/metrics") lines of /metrics"
  promtool check metrics <"$work/metrics" || fail "promtool check metrics found problems (above)"

  # The dashboard's queries, with Grafana's variables filled in, as recording rules: promtool
  # parses each one. Its expressions are one JSON string a line, which YAML reads as they are.
  dashboard=$src/resources/grafana-dashboard.json
  {
    echo "groups:"
    echo "  - name: dashboard"
    echo "    rules:"
    n=0
    grep -o '"expr": "\([^"\\]\|\\.\)*"' "$dashboard" | sed 's/^"expr": //' |
      sed 's/\$__rate_interval/5m/g; s/\$job/.*/g; s/\$instance/.*/g' |
      while IFS= read -r expr; do
        n=$((n + 1))
        echo "      - record: dashboard:query_$n"
        echo "        expr: $expr"
      done
  } >"$work/dashboard-rules.yml"
  grep -q 'record:' "$work/dashboard-rules.yml" || fail "no queries found in $dashboard"
  promtool check rules "$work/dashboard-rules.yml" || fail "a dashboard query does not parse"
  for name in $(grep -o 'opsconsole_[a-z_]*' "$dashboard" | sort -u); do
    grep -q "^$name[ {]" "$work/metrics" || fail "the dashboard plots $name, which /metrics does not serve"
  done
  echo "dashboard: every query parses and every metric it plots is served"
  ;;
openapi)
  request GET /openapi.json >"$work/openapi.json"
  grep -q ' 200 ' "$work/status" || fail "GET /openapi.json: $(cat "$work/status")"
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
  if ! timeout 300 npx --yes @redocly/cli@latest --version >"$work/npx.log" 2>&1; then
    tail -n 5 "$work/npx.log"
    skip "npx could not fetch @redocly/cli (no network or no npm registry)"
  fi
  echo "redocly $(tail -n1 "$work/npx.log") lint on /openapi.json ($(wc -c <"$work/openapi.json") bytes)"
  (cd "$work" && npx --yes @redocly/cli@latest lint --format=stylish openapi.json) ||
    fail "redocly lint found errors in /openapi.json (above)"
  ;;
esac
