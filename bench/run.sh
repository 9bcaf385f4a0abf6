#!/usr/bin/env bash
# HTTP load benchmark: /api/health (answered on the I/O thread) and GET /api/orgs (session
# check plus a database read on the worker pool, signed in as the project office), against
# the demo district on SQLite, with wrk on the same machine. Results go to stdout; copy them into docs/performance.md.
#   bench/run.sh [BINARY] [DURATION] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${1:-build/release/src/app/gongjian}
DURATION=${2:-10s}
CONNECTIONS=${3:-64}
PORT=${BENCH_PORT:-18181}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
PID=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT

export GONGJIAN_KEY_FILE="$WORK/bench.key"
"$BIN" --db "sqlite:$WORK/bench.db" --log-level warn demo --credentials-file "$WORK/creds.json" >/dev/null
start_server "sqlite:$WORK/bench.db"
sign_in office

echo "machine: $(nproc) cores, $(uname -r); server: 1 I/O thread, 4 workers; wrk: 1 thread, $CONNECTIONS connections, $DURATION"
for path in "/api/health" "/api/orgs?page_size=20"; do
  echo "== GET $path"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" |
    grep -E "Requests/sec|Latency  |  50%|  99%|Non-2xx|Socket errors"
done
