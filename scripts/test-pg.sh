#!/usr/bin/env bash
# Starts or stops a private PostgreSQL cluster for the tests, on its own port and data
# directory, so it never touches a PostgreSQL that already runs on the machine.
#   scripts/test-pg.sh start   -> prints the URL to put in GONGJIAN_TEST_PG
#   scripts/test-pg.sh stop
set -euo pipefail

DIR=${GONGJIAN_PG_DIR:-/tmp/gongjian-test-pg}
PORT=${GONGJIAN_PG_PORT:-55432}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "test-pg: PostgreSQL server binaries not found (run scripts/install-deps.sh)" >&2; exit 1; }

# The server refuses to run as root: run it as the postgres system user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -f "$DIR/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$DIR"
      mkdir -p "$DIR"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
      as_owner "$PGBIN/initdb" -D "$DIR" -U gongjian --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      as_owner "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
      as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U gongjian gongjian_test
      # Created once here: concurrent test migrations would race to create it.
      as_owner "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U gongjian -d gongjian_test \
        -c "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public" >/dev/null
    fi
    echo "postgresql://gongjian@127.0.0.1:$PORT/gongjian_test"
    ;;
  stop)
    if [ -d "$DIR" ]; then
      as_owner "$PGBIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$DIR"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
