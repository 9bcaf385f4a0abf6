#!/usr/bin/env bash
# Runs every suite: the web unit tests, the browser tests against the real server, and the
# C++ suites (store and API cases on SQLite and on a private PostgreSQL cluster).
#   scripts/test.sh PRESET [--cpp-only]
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${1:-release}
CPP_ONLY=${2:-}
BIN=build/$PRESET/src/app/gongjian
WORK=$(mktemp -d /tmp/gongjian-test.XXXXXX)
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  bash scripts/test-pg.sh stop || true
  rm -rf "$WORK"
}
trap cleanup EXIT

GONGJIAN_TEST_PG=$(bash scripts/test-pg.sh start)
export GONGJIAN_TEST_PG

if [ -z "$CPP_ONLY" ]; then
  echo "== web unit tests"
  (cd web && npx vitest run --reporter=dot)

  echo "== browser tests (real server, demo district, Debian chromium)"
  export GONGJIAN_KEY_FILE="$WORK/e2e.key"
  "$BIN" --db "sqlite:$WORK/e2e.db" --log-level warn demo --credentials-file "$WORK/demo-credentials.json" >/dev/null
  "$BIN" --db "sqlite:$WORK/e2e.db" --log-level info serve --listen 127.0.0.1:0 --web-root web/dist \
    >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\).*|\1|p' "$WORK/server.out")
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  [ -n "${PORT:-}" ] || { cat "$WORK/server.err"; echo "server did not start" >&2; exit 1; }
  # One file at a time, whatever the core count: the files share the demo district and count
  # its projects, so two side by side would see each other's writes.
  (cd web && GONGJIAN_URL="http://127.0.0.1:$PORT" GONGJIAN_DEMO_CREDENTIALS="$WORK/demo-credentials.json" \
    node --test --test-concurrency=1 e2e/)
  kill "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
  # No password of the demo accounts may appear in the server's log of the browser run.
  if grep -F -f <(sed -n 's/.*"password": "\(.*\)".*/\1/p' "$WORK/demo-credentials.json") "$WORK/server.err"; then
    echo "a demo password reached the server log" >&2
    exit 1
  fi
fi

echo "== C++ suites (SQLite and PostgreSQL at ${GONGJIAN_TEST_PG})"
ctest --preset "$PRESET" -j2 --timeout 300
