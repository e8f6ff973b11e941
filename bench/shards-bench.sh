#!/usr/bin/env bash
# One shard against two, side by side on the same corpus: how long morgue-index takes to
# build the index, and how long morgue-search processes take over it (one word, a phrase, a
# name). Usage: bench/shards-bench.sh BUILD_DIR CORPUS.jsonl [SHARDS...] (default: 1 2).
# Builds are alternated, 3 of each; searches alternated, 21 of each; medians in ms.
set -euo pipefail
build=$1
corpus=$2
shift 2
if [ $# -eq 0 ]; then counts=(1 2); else counts=("$@"); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Milliseconds between two $EPOCHREALTIME readings (taken without a fork around the command).
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b - a) * 1000}'; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "corpus: $corpus ($(wc -l < "$corpus") records), $(nproc) cores"
declare -A build_times
for _ in 1 2 3; do
  for n in "${counts[@]}"; do
    rm -rf "$work/idx-$n"
    start=$EPOCHREALTIME
    "$build/morgue-index" --quiet --shards "$n" --db "$work/idx-$n" "$corpus"
    end=$EPOCHREALTIME
    build_times[$n]+="$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}') "
  done
done
printf '%-28s' "build (s, median of 3)"
for n in "${counts[@]}"; do
  printf '%12s' "$(tr ' ' '\n' <<<"${build_times[$n]}" | grep . | median)"
done
echo "   (shards: ${counts[*]})"

queries=("oil" '"interest rates"' "Volcker")
for q in "${queries[@]}"; do
  declare -A times=()
  for _ in $(seq 21); do
    for n in "${counts[@]}"; do
      start=$EPOCHREALTIME
      "$build/morgue-search" --db "$work/idx-$n" "$q" > /dev/null
      end=$EPOCHREALTIME
      times[$n]+="$(elapsed_ms "$start" "$end") "
    done
  done
  printf '%-28s' "search $q (ms)"
  for n in "${counts[@]}"; do
    printf '%12s' "$(tr ' ' '\n' <<<"${times[$n]}" | grep . | median)"
  done
  echo
  unset times
done
