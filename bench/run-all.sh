#!/bin/sh
# Everything side by side on one corpus: indexing (bench/index-bench.sh), then query latency
# and facet cost (bench/query-bench.sh). Prepares the corpora first when they are missing.
#   bench/run-all.sh [CORPUS]    (default: Reuters ×20 from ../shared, prepared into
#                                 $MORGUE_BENCH_DATA, default /tmp/morgue-bench)
# Uses build/release (configure and build it with: cmake --workflow --preset release).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/release
data=${MORGUE_BENCH_DATA:-/tmp/morgue-bench}
[ -x "$build/bench/morgue-bench-latency" ] || { echo "run-all: build the release preset first" >&2; exit 2; }
corpus=${1:-$data/reuters-x20.jsonl}
if [ ! -f "$corpus" ]; then
  mkdir -p "$data"
  "$build/bench/morgue-bench-prepare" --out "$data" --scale 20
fi
"$root/bench/index-bench.sh" "$build" "$corpus"
echo
"$root/bench/query-bench.sh" "$build" "$corpus"
