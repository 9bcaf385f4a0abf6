#!/usr/bin/env bash
# Import preview over HTTP (issue 8): a 10,000-row project list uploaded as xlsx (converted from csv
# by LibreOffice when installed, else as csv) to POST /api/imports, and the preview recomputed by
# GET /api/imports/{id}; then, the round trip: the demo's own project list exported by
# GET /api/projects/export and uploaded back (every row unchanged). Results go to stdout; copy
# them into docs/performance.md.
#   bench/import.sh [SCALE] [ROWS]
# DB=sqlite:/path/to.db reuses a database made by `gongjian demo` (its credentials file in CREDS).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/release/src/app/gongjian}
SCALE=${1:-district}
ROWS=${2:-10000}
PORT=${BENCH_PORT:-18185}
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
sign_in office
URL="http://127.0.0.1:$PORT"
CSRF=$(curl -fs -H "Cookie: $COOKIE" "$URL/api/auth/me" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')

# Owner units of the demo, to spread the new projects over.
owners=$(curl -fs -H "Cookie: $COOKIE" "$URL/api/orgs?kind=owner&page_size=50" |
  grep -o '"name":"[^"]*"' | cut -d'"' -f4 | head -20)
mapfile -t owner_list <<<"$owners"
{
  echo "2026年重大项目导入基准表"
  echo "序号,项目名称,项目级别,项目类别,建设性质,审批类型,投资主体,总投资（万元）,计划开工时间,计划竣工时间,业主单位,建设地点,建设内容及规模"
  for ((i = 1; i <= ROWS; i++)); do
    owner=${owner_list[$((i % ${#owner_list[@]}))]}
    echo "$i,导入基准项目第${i}号,区重点,产业,新建,备案,民营,$((i % 900 + 100)).$((i % 100)),2026-0$((i % 9 + 1))-01,2028年6月,$owner,示范路${i}号,新建厂房$((i % 50 + 1))万平方米"
  done
  echo ",合计,,,,,,,,,,,"
} >"$WORK/rows.csv"
FILE="$WORK/rows.csv"
if command -v libreoffice >/dev/null 2>&1; then
  libreoffice -env:UserInstallation="file://$WORK/lo" --headless --infilter=CSV:44,34,76 --convert-to xlsx \
    --outdir "$WORK" "$WORK/rows.csv" >/dev/null 2>&1 && FILE="$WORK/rows.xlsx"
fi
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); scale $SCALE; file $(basename "$FILE"), $(stat -c %s "$FILE") bytes, $ROWS data rows"

upload() {  # upload FILE NAME: prints the import id; the time goes to stderr
  curl -fs -o "$WORK/preview.json" -w "%{time_total}" -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$1" "$URL/api/imports?kind=projects&filename=$2" >"$WORK/t"
  echo "   upload + preview: $(cat "$WORK/t") s; counts $(grep -o '"counts":{[^}]*}' "$WORK/preview.json")" >&2
  grep -o '"id":[0-9]*' "$WORK/preview.json" | head -1 | cut -d: -f2
}
echo "== POST /api/imports (upload, read, detect, match, preview), 3 runs"
for _ in 1 2 3; do id=$(upload "$FILE" "$(basename "$FILE")"); done
echo "== GET /api/imports/$id (the preview recomputed), 3 runs"
for _ in 1 2 3; do
  echo "   $(curl -fs -o /dev/null -w "%{time_total}" -H "Cookie: $COOKIE" "$URL/api/imports/$id") s"
done
town=$(curl -fs -H "Cookie: $COOKIE" "$URL/api/orgs?kind=town&page_size=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
echo "== round trip of one town's projects: GET /api/projects/export?town_org_id=$town, then POST it back, 3 runs"
curl -fs -o "$WORK/town.xlsx" -w "   export: %{time_total} s, %{size_download} bytes\n" -H "Cookie: $COOKIE" "$URL/api/projects/export?town_org_id=$town"
for _ in 1 2 3; do upload "$WORK/town.xlsx" town.xlsx >/dev/null; done
echo "== round trip: GET /api/projects/export, then POST it back"
curl -fs -o "$WORK/export.xlsx" -w "   export: %{time_total} s, %{size_download} bytes\n" -H "Cookie: $COOKIE" "$URL/api/projects/export"
upload "$WORK/export.xlsx" export.xlsx >/dev/null
