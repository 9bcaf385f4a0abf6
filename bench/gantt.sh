#!/usr/bin/env bash
# 挂图作战 render time: opens /gantt?page_size=1000 in headless Chromium (playwright-core and
# Debian's /usr/bin/chromium, as the browser tests) against a server loaded with a demo scale
# (default province: 50,000 projects), signed in as the project office, and reports the time
# from navigation start to ECharts' 'finished' event for the 1,000 rows (window.__ganttRenderedMs),
# split into the /api/gantt request and the chart's setOption. Target: ≤ 1 s. Results go to
# stdout; copy them into docs/performance.md.
#   bench/gantt.sh [SCALE] [RUNS] [PAGE_SIZE]
# DB=sqlite:/path/to.db reuses a database made by `gongjian demo` (its credentials file in
# CREDS) instead of generating one. Builds web/dist first when it is stale (scripts/build-web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/src/app/gongjian}
SCALE=${1:-province}
RUNS=${2:-5}
PAGE_SIZE=${3:-1000}
PORT=${BENCH_PORT:-18183}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
PID=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT

bash scripts/build-web.sh
export GONGJIAN_KEY_FILE=${GONGJIAN_KEY_FILE:-$WORK/bench.key}
if [ -n "${DB:-}" ]; then
  CREDS=${CREDS:?set CREDS to the credentials file of the demo in DB}
else
  DB="sqlite:$WORK/bench.db"
  CREDS="$WORK/creds.json"
  start=$(date +%s.%N)
  "$BIN" --db "$DB" --log-level warn demo --scale "$SCALE" --credentials-file "$CREDS"
  echo "demo generator ($SCALE): $(echo "$(date +%s.%N) - $start" | bc) s wall"
fi

"$BIN" --db "$DB" --files-dir "$WORK/files" --log-level warn serve --listen "127.0.0.1:$PORT" \
  --io-threads 1 --workers 4 --web-root web/dist >/dev/null 2>"$WORK/server.err" &
PID=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null || { echo "bench: the server did not start" >&2; cat "$WORK/server.err" >&2; exit 1; }

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); server: 1 I/O thread, 4 workers; chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
GONGJIAN_URL="http://127.0.0.1:$PORT" GONGJIAN_DEMO_CREDENTIALS="$CREDS" node bench/gantt.mjs --runs "$RUNS" --page-size "$PAGE_SIZE"
