#!/usr/bin/env bash
# 前期手续 analytics over HTTP at a demo scale (default province: 50,000 projects) on SQLite:
# GET /api/approvals/analytics for last year and this year, and GET /api/approvals/overdue, as the
# project office (everything in scope) and as a department's staff (its own items), one connection
# at a time. Results go to stdout; copy them into docs/performance.md.
#   bench/approvals.sh [SCALE] [DURATION]
# DB=sqlite:/path/to.db reuses a database made by `gongjian demo` (its credentials file in CREDS).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/release/src/app/gongjian}
SCALE=${1:-province}
DURATION=${2:-10s}
PORT=${BENCH_PORT:-18184}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
PID=""

export GONGJIAN_KEY_FILE=${GONGJIAN_KEY_FILE:-$WORK/bench.key}
if [ -n "${DB:-}" ]; then
  cp "${CREDS:?set CREDS to the credentials file of the demo in DB}" "$WORK/creds.json"
else
  DB="sqlite:$WORK/bench.db"
  "$BIN" --db "$DB" --log-level warn demo --scale "$SCALE" --credentials-file "$WORK/creds.json"
fi
start_server "$DB"
year=$(date -u +%Y)
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); server: 1 I/O thread, 4 workers; wrk: 1 thread, 1 connection, $DURATION"
for user in office "${DEPT_USER:-unit.zjj}"; do
  sign_in "$user"
  for path in "/api/approvals/analytics?year=$((year - 1))" "/api/approvals/analytics?year=$year" "/api/approvals/overdue"; do
    echo "== $user: GET $path"
    curl -fs -o /dev/null -w "   (one request: %{http_code}, %{size_download} bytes, %{time_total} s)\n" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path"
    wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" |
      grep -E "Requests/sec|  50%|  90%|  99%|Non-2xx"
  done
done
