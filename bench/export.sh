#!/usr/bin/env bash
# The xlsx exports over HTTP at a demo scale (default province: 50,000 projects) on SQLite, as the
# project office (the whole province): the project list (项目清单) of every project with the
# standard columns and with the list's default visible columns, filtered exports of ~20,000 and
# ~4,000 projects, the problem ledger and the progress table by unit. Each case gets a fresh
# server (signed in, nothing exported yet): one export with the server's memory sampled — the peak
# of its private memory (RssAnon, read every 2 ms from /proc) above what it held before, and its
# VmHWM before and after all the case's exports (VmHWM also counts the database file's pages
# that SQLite maps with mmap, which are the OS's page cache, not the process's own) — then N
# timed exports, one at a time: the median and the worst of curl's wall time, and the workbook's
# size. A case whose memory grew with its rows would show it in the RssAnon column. Results go to stdout; copy them into docs/performance.md.
#   bench/export.sh [SCALE] [N]
# DB=sqlite:/path/to.db CREDS=creds.json reuses a `gongjian demo` database (an export writes
# nothing but the sign-in's audit row; work on a copy all the same), KEY names its key file and
# FILES its files directory. APPROVALS=1 adds the approval ledger (every item: ~540,000 at
# province scale, one run).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/release/src/app/gongjian}
SCALE=${1:-province}
N=${2:-5}
PORT=${BENCH_PORT:-18391}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

export GONGJIAN_KEY_FILE=${KEY:-$WORK/bench.key}
if [ -n "${DB:-}" ]; then
  cp "${CREDS:?set CREDS to the credentials file of the demo in DB}" "$WORK/creds.json"
else
  DB="sqlite:$WORK/bench.db"
  "$BIN" --db "$DB" --log-level warn demo --scale "$SCALE" --credentials-file "$WORK/creds.json"
fi
if [ -n "${FILES:-}" ]; then ln -s "$FILES" "$WORK/files"; fi
base="http://127.0.0.1:$PORT"

# sample PID OUT: writes the peak RssAnon (kB) seen until OUT.stop exists.
sample() {
  python3 -c '
import os, sys, time
pid, out = sys.argv[1], sys.argv[2]
peak = 0
while not os.path.exists(out + ".stop"):
    try:
        with open("/proc/%s/status" % pid) as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    peak = max(peak, int(line.split()[1]))
    except OSError:
        break
    time.sleep(0.002)
open(out, "w").write(str(peak))
' "$1" "$2"
}
status_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$PID/status"; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
stop_server() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}

# The first start brings an older database up to date; a first export reads the tables into the
# OS's page cache, which every server after it shares.
start_server "$DB"
sign_in office
curl -fs -o /dev/null -H "Cookie: $COOKIE" "$base/api/projects/export"
stop_server

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); server: 1 I/O thread, 4 workers; $N runs each"
printf '%-34s %7s %8s %6s %6s %11s %18s\n' "export" "rows" "median s" "max s" "MB" "RssAnon +MB" "VmHWM before/after"

# run NAME PATH [RUNS]: a fresh server; one export of PATH with its memory sampled (the sampler
# reads /proc every 2 ms, which slows the server down: it is not timed), then RUNS timed exports.
run() {
  local name=$1 path=$2 runs=${3:-$N} rows times anon_before hwm_before peak sampler
  start_server "$DB"
  sign_in office
  rm -f "$WORK/peak" "$WORK/peak.stop"
  anon_before=$(status_kb RssAnon)
  hwm_before=$(status_kb VmHWM)
  sample "$PID" "$WORK/peak" &
  sampler=$!
  curl -fs -o "$WORK/out.xlsx" -H "Cookie: $COOKIE" "$base$path"
  touch "$WORK/peak.stop"
  wait "$sampler"
  peak=$(cat "$WORK/peak")
  times=$(for _ in $(seq 1 "$runs"); do
    curl -fs -o "$WORK/out.xlsx" -w '%{time_total}\n' -H "Cookie: $COOKIE" "$base$path"
  done)
  rows=$(unzip -p "$WORK/out.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)
  printf '%-34s %7d %8s %6s %6s %11s %18s\n' "$name" "$((rows - 2))" \
    "$(printf '%s\n' "$times" | sort -g | awk '{v[NR]=$1} END {printf "%.2f", v[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "$times" | sort -g | tail -n 1 | awk '{printf "%.2f", $1}')" \
    "$(stat -c %s "$WORK/out.xlsx" | awk '{printf "%.1f", $1/1048576}')" \
    "$(mb $((peak - anon_before)))" "$(mb "$hwm_before")/$(mb "$(status_kb VmHWM)")"
  stop_server
}

run "projects: all, 18 standard cols" "/api/projects/export"
run "projects: all, list default cols" \
  "/api/projects/export?columns=name,warning,national_code,stage,construction_kind,category,level,town,owner,total_investment,planned,leader,updated_at"
run "projects: stage=construction" "/api/projects/export?stage=construction"
run "projects: stage=planning" "/api/projects/export?stage=planning"
run "problems: all" "/api/problems/export"
run "progress by unit" "/api/reports/progress-by-unit/export"
if [ -n "${APPROVALS:-}" ]; then run "approvals: all" "/api/approvals/export" 1; fi
