# Sourced by the test scripts: a private PostgreSQL 15 cluster in a temp folder.
# pg_start exports OPSCONSOLE_TEST_CENTRAL (a libpq conninfo) and PG_BIN for tests that stop and
# start the server themselves; pg_stop removes everything.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_free_port() {
  python3 - <<'PY' 2>/dev/null || echo 55432
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

pg_start() {
  PG_DIR=$(mktemp -d /tmp/opsconsole-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  PG_PORT=$(pg_free_port)
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1
  PG_OPTS="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=100"
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o "$PG_OPTS" start >/dev/null
  "${as[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres opsdb_test
  export PG_BIN PG_DIR PG_PORT PG_OPTS
  export OPSCONSOLE_TEST_CENTRAL="host=127.0.0.1 port=$PG_PORT user=postgres dbname=opsdb_test"
  export OPSCONSOLE_TEST_PGDATA="$PG_DIR/data"
  echo "PostgreSQL for tests on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
