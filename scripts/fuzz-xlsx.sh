#!/usr/bin/env bash
# Fuzzes the xlsx reader with libFuzzer (clang-14, ASan, UBSan) for SECONDS (default 300).
#   scripts/fuzz-xlsx.sh [SECONDS]
# Builds build/fuzz (GONGJIAN_FUZZ=ON) and runs xlsx_reader_fuzz on a copy of the seed corpus
# fuzz/corpus/xlsx_reader in build/fuzz/xlsx_reader-run/ (so the repository's corpus is never
# touched); crashing inputs land in build/fuzz/xlsx_reader-run/artifacts/. Exits 1 on a crash.
# See docs/fuzzing.md for what to do with one.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-300}
CXX=${CXX_FUZZ:-clang++-14}
BUILD=build/fuzz
RUN=$BUILD/xlsx_reader-run

command -v "$CXX" >/dev/null || { echo "fuzz-xlsx: $CXX not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX" -DGONGJIAN_FUZZ=ON >/dev/null
cmake --build "$BUILD" --target xlsx_reader_fuzz -j2

rm -rf "$RUN"
mkdir -p "$RUN/corpus" "$RUN/artifacts"
cp fuzz/corpus/xlsx_reader/* "$RUN/corpus/"
SEEDS=$(ls "$RUN/corpus" | wc -l)

echo "fuzz-xlsx: $SEEDS seeds, ${SECONDS_TO_RUN}s, log in $RUN/fuzz.log"
status=0
"$BUILD/src/io/xlsx_reader_fuzz" "$RUN/corpus" -dict=fuzz/xlsx.dict -max_len=262144 -rss_limit_mb=2048 -timeout=10 \
  -max_total_time="$SECONDS_TO_RUN" -print_final_stats=1 -artifact_prefix="$RUN/artifacts/" >"$RUN/fuzz.log" 2>&1 ||
  status=$?

stat() { sed -n "s/^stat::$1: *//p" "$RUN/fuzz.log" | tail -1; }
last=$(grep -E '^#[0-9]+' "$RUN/fuzz.log" | tail -1 || true)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corpus=$(ls "$RUN/corpus" | wc -l)
crashes=$(ls "$RUN/artifacts" | wc -l)
echo "fuzz-xlsx: $(stat number_of_executed_units) execs in ${SECONDS_TO_RUN}s ($(stat average_exec_per_sec)/s)," \
  "cov $cov ft $ft, corpus $SEEDS -> $corpus files, peak rss $(stat peak_rss_mb) MB, exit $status, artifacts $crashes"
if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|xlsx_reader_fuzz:|Test unit written' "$RUN/fuzz.log" | head -20 >&2 || true
  exit 1
fi
