#!/usr/bin/env bash
# HTTP load benchmark: /api/health (answered on the I/O thread) and GET /api/orgs (session
# check plus a database read on the worker pool, signed in as the project office), against
# the demo district on SQLite, with wrk on the same machine. Results go to stdout; copy them into docs/performance.md.
#   bench/run.sh [BINARY] [DURATION] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/src/app/gongjian}
DURATION=${2:-10s}
CONNECTIONS=${3:-64}
PORT=${BENCH_PORT:-18181}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT

export GONGJIAN_KEY_FILE="$WORK/bench.key"
"$BIN" --db "sqlite:$WORK/bench.db" --log-level warn demo --credentials-file "$WORK/creds.json" >/dev/null
"$BIN" --db "sqlite:$WORK/bench.db" --log-level warn serve --listen "127.0.0.1:$PORT" \
  --io-threads 1 --workers 4 --web-root /nonexistent >/dev/null 2>"$WORK/server.err" &
PID=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.1
done

# Sign in as the project office; the read endpoint needs the session cookie.
PASSWORD=$(awk '/"password"/{p=$2} /"username": "office"/{print p; exit}' "$WORK/creds.json" | tr -d '",')
COOKIE=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"office\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/auth/login" |
  sed -n 's/^Set-Cookie: \([^;]*\).*/\1/ip')
[ -n "$COOKIE" ] || { echo "bench: sign-in failed" >&2; exit 1; }

echo "machine: $(nproc) cores, $(uname -r); server: 1 I/O thread, 4 workers; wrk: 1 thread, $CONNECTIONS connections, $DURATION"
for path in "/api/health" "/api/orgs?page_size=20"; do
  echo "== GET $path"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" |
    grep -E "Requests/sec|Latency  |  50%|  99%|Non-2xx|Socket errors"
done
