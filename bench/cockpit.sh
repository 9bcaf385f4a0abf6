#!/usr/bin/env bash
# The leaders' cockpit over HTTP at a demo scale (default province: 50,000 projects) on SQLite:
# every /api/cockpit endpoint cold (right after a write that invalidates the cache: the office
# renames a project, which moves the cache generation on; the rename's own time is the last line)
# and cached (the same request again), as the project office (the whole province) and as a town's
# staff (its own scope). N requests of each kind, one at a time; p50 and p90 of curl's total time
# (loopback, so the server's time plus a fraction of a millisecond). Results go to stdout; copy
# them into docs/performance.md ("Cockpit").
#   bench/cockpit.sh [SCALE] [N]
# CALLERS="office" and PATHS="/api/cockpit/map …" (space-separated) narrow the run.
# DB=sqlite:/path/to.db CREDS=creds.json reuses a `gongjian demo` database (work on a copy: the run
# renames one project N times per endpoint); KEY names its key file.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/release/src/app/gongjian}
SCALE=${1:-province}
N=${2:-15}
PORT=${BENCH_PORT:-18186}
TOWN_USER=${TOWN_USER:-town.cgjd}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
PID=""

export GONGJIAN_KEY_FILE=${KEY:-$WORK/bench.key}
if [ -n "${DB:-}" ]; then
  cp "${CREDS:?set CREDS to the credentials file of the demo in DB}" "$WORK/creds.json"
else
  DB="sqlite:$WORK/bench.db"
  "$BIN" --db "$DB" --log-level warn demo --scale "$SCALE" --credentials-file "$WORK/creds.json"
fi
# The first start brings an older database up to date (migrations, the cockpit's figures).
start_server "$DB"
base="http://127.0.0.1:$PORT"

# login USERNAME: sets COOKIE and CSRF.
login() {
  local password body
  password=$(awk -v user="\"username\": \"$1\"" '/"password"/{p=$2} index($0, user){print p; exit}' "$WORK/creds.json" | tr -d '",')
  body=$(curl -fs -D "$WORK/headers" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$password\"}" "$base/api/auth/login")
  COOKIE=$(sed -n 's/^Set-Cookie: \([^;]*\).*/\1/ip' "$WORK/headers")
  CSRF=$(printf '%s' "$body" | sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p')
  [ -n "$COOKIE" ] && [ -n "$CSRF" ] || { echo "bench: sign-in of $1 failed" >&2; exit 1; }
}

login office
OFFICE_COOKIE=$COOKIE
OFFICE_CSRF=$CSRF
login "$TOWN_USER"
TOWN_COOKIE=$COOKIE
project=${PROJECT:-1}
edits=0

# invalidate: the office renames project $project (If-Match its current version): the name is on
# the map and in the lists, so every answer is computed again. (Remarks, which the cockpit does not
# show, leave its answers standing.)
invalidate() {
  local etag
  etag=$(curl -fs -D - -o /dev/null -H "Cookie: $OFFICE_COOKIE" "$base/api/projects/$project" | sed -n 's/^ETag: *\([^[:space:]]*\).*/\1/ip')
  edits=$((edits + 1))
  curl -fs -o /dev/null -w '%{time_total}\n' -X PATCH -H "Cookie: $OFFICE_COOKIE" -H "X-CSRF-Token: $OFFICE_CSRF" \
    -H "If-Match: $etag" -H 'Content-Type: application/json' -d "{\"name\":\"驾驶舱基准项目 $edits\"}" \
    "$base/api/projects/$project" >>"$WORK/edits"
}

# p50 and p90 (nearest rank) of the numbers on stdin, in milliseconds.
stats() {
  sort -g | awk '{v[NR]=$1} END {p50=v[int((NR*50+99)/100)]; p90=v[int((NR*90+99)/100)]; printf "%7.1f %7.1f", p50*1000, p90*1000}'
}

one() {  # one COOKIE PATH -> prints the time
  curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: $1" "$base$2"
}

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); server: 1 I/O thread, 4 workers; $N requests each"
printf '%-58s %-7s %15s %15s %9s\n' "endpoint" "caller" "cold p50/p90" "cached p50/p90" "bytes"
ALL_PATHS=(/api/cockpit/summary "/api/cockpit/breakdown?dimension=stage" "/api/cockpit/breakdown?dimension=town"
  "/api/cockpit/breakdown?dimension=unit" /api/cockpit/lights /api/cockpit/problems /api/cockpit/approvals
  /api/cockpit/trend /api/cockpit/ranking /api/cockpit/map "/api/cockpit/projects?figure=completed_ytd"
  "/api/cockpit/projects?figure=red&dimension=town&key=null" /api/cockpit/mine)
if [ -n "${PATHS:-}" ]; then read -r -a ALL_PATHS <<<"$PATHS"; fi
for caller in ${CALLERS:-office town}; do
  if [ "$caller" = office ]; then cookie=$OFFICE_COOKIE; else cookie=$TOWN_COOKIE; fi
  for path in "${ALL_PATHS[@]}"; do
    cold=$(for _ in $(seq 1 "$N"); do invalidate; one "$cookie" "$path"; done | stats)
    cached=$(for _ in $(seq 1 "$N"); do one "$cookie" "$path"; done | stats)
    bytes=$(curl -fs -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" "$base$path")
    printf '%-58s %-7s %15s %15s %9s\n' "$path" "$caller" "$cold" "$cached" "$bytes"
  done
done
# The write itself: the rename rewrites the project's relations, so its organisations' cells move.
printf '%-58s %-7s %15s\n' "PATCH /api/projects/$project (the rename above)" office "$(stats <"$WORK/edits")"
