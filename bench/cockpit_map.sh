#!/usr/bin/env bash
# The whole district's cockpit map when its kept points must be read again whole (api::MapBuckets,
# migration 0025): the first map after the server starts, and N maps each after every bucket's
# counter was moved by SQL (as a recompute of every project's light does). The map after an
# ordinary write (one bucket read again) is bench/cockpit.sh's cold figure. p50 and p90 of curl's
# total time, in milliseconds.
#   DB=sqlite:/path/to.db|postgresql://… CREDS=creds.json [KEY=key-file] bench/cockpit_map.sh [N]
# DB is a `gongjian demo` database (province scale for the documented figures); sqlite3 or psql
# moves the counters.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/release/src/app/gongjian}
N=${1:-11}
PORT=${BENCH_PORT:-18187}
WORK=$(mktemp -d /tmp/gongjian-bench.XXXXXX)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
PID=""
export GONGJIAN_KEY_FILE=${KEY:-$WORK/bench.key}
cp "${CREDS:?set CREDS to the credentials file of the demo in DB}" "$WORK/creds.json"
start_server "${DB:?set DB to a demo database}"
base="http://127.0.0.1:$PORT"
sign_in office

sql() {
  case "$DB" in
    sqlite:*) sqlite3 "${DB#sqlite:}" "$1" ;;
    *) psql "$DB" -qAtc "$1" ;;
  esac
}
map() { curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: $COOKIE" "$base/api/cockpit/map"; }
stats() {
  sort -g | awk '{v[NR]=$1} END {p50=v[int((NR*50+99)/100)]; p90=v[int((NR*90+99)/100)]; printf "%7.1f %7.1f", p50*1000, p90*1000}'
}

echo "first map after the start:   $(map | stats)"
every=$(for _ in $(seq 1 "$N"); do
  sql "INSERT INTO cockpit_map_buckets (bucket, generation) SELECT DISTINCT id / 1024, 1 FROM cockpit_projects WHERE true
       ON CONFLICT (bucket) DO UPDATE SET generation = cockpit_map_buckets.generation + 1;
       UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'"
  map
done | stats)
echo "every bucket moved (p50 p90): $every"
