#!/usr/bin/env bash
# 驾驶舱 page time: opens /cockpit in headless Chromium (playwright-core and Debian's
# /usr/bin/chromium, as the browser tests) against a server loaded with a demo scale (default
# district), signed in as the project office, and reports the time from navigation start until
# every panel has answered and every chart has drawn (window.__cockpitReadyMs). Target: ≤ 1.5 s
# at district scale. Results go to stdout; copy them into docs/performance.md.
#   bench/cockpit-page.sh [SCALE] [RUNS] [PATH]      e.g. bench/cockpit-page.sh district 5 /screen
# DB=sqlite:/path/to.db reuses a database made by `gongjian demo` (its credentials file in
# CREDS) instead of generating one. Builds web/dist first when it is stale (scripts/build-web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/src/app/gongjian}
SCALE=${1:-district}
RUNS=${2:-5}
PAGE=${3:-/cockpit}
PORT=${BENCH_PORT:-18184}
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
  "$BIN" --db "$DB" --log-level warn demo --scale "$SCALE" --credentials-file "$CREDS"
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
GONGJIAN_URL="http://127.0.0.1:$PORT" GONGJIAN_DEMO_CREDENTIALS="$CREDS" node bench/cockpit-page.mjs --runs "$RUNS" --path "$PAGE" \
  $( [ "$PAGE" = /screen ] && echo --width 1920 --height 1080 )
