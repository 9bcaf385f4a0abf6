#!/usr/bin/env bash
# The project library over HTTP at a demo scale (default province: 50,000 projects) on
# SQLite: a filtered, sorted page of 20 and Chinese full-text queries, signed in as the
# project office, one connection at a time so the latency is the server's own plus
# loopback. Also times the demo generator for the scale. Results go to stdout; copy them
# into docs/performance.md.
#   bench/projects.sh [SCALE] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/release/src/app/gongjian}
SCALE=${1:-province}
DURATION=${2:-10s}
PORT=${BENCH_PORT:-18182}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
PID=""

export GONGJIAN_KEY_FILE="$WORK/bench.key"
start=$(date +%s.%N)
"$BIN" --db "sqlite:$WORK/bench.db" --log-level warn demo --scale "$SCALE" --credentials-file "$WORK/creds.json"
echo "demo generator ($SCALE): $(echo "$(date +%s.%N) - $start" | bc) s wall"
start_server "sqlite:$WORK/bench.db"
sign_in office

echo "machine: $(nproc) cores, $(uname -r); server: 1 I/O thread, 4 workers; wrk: 1 thread, 1 connection, $DURATION"
# 产业园 = %E4%BA%A7%E4%B8%9A%E5%9B%AD; 标准化厂房 = %E6%A0%87%E5%87%86%E5%8C%96%E5%8E%82%E6%88%BF
for path in \
  "/api/projects?stage=construction&category=industry&sort=-total_investment&page_size=20" \
  "/api/projects?level=municipal&year=2026&sort=planned_start&page=3&page_size=20" \
  "/api/projects?q=%E4%BA%A7%E4%B8%9A%E5%9B%AD&page_size=20" \
  "/api/projects?q=%E6%A0%87%E5%87%86%E5%8C%96%E5%8E%82%E6%88%BF&stage=construction,preparation&sort=-total_investment" \
  "/api/projects/25000"; do
  echo "== GET $path"
  curl -fs -o /dev/null -w "   (one request: %{http_code}, %{size_download} bytes)\n" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path"
  wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" |
    grep -E "Requests/sec|  50%|  90%|  99%|Non-2xx"
done
