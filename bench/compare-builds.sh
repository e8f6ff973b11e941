#!/bin/bash
# Two builds of morgue side by side on one corpus: each indexes CORPUS with its own
# morgue-index (schemas may differ), then the two morgue-search are run alternately as whole
# processes on a fixed query set. Prints the median milliseconds of each, their ratio, and
# the counts each reports ("~" marks an estimate), so that a change's cost and its effect on
# the answers are seen together.
#   bench/compare-builds.sh OLD_BUILD_DIR NEW_BUILD_DIR CORPUS.jsonl [RUNS]   (default 21)
# SHARDS=N in the environment indexes with N shards (default 1).
# e.g. an old tree: git worktree add /tmp/old REV && (cd /tmp/old && cmake --preset release
#   && cmake --build --preset release --target morgue-index morgue-search)
set -euo pipefail
old=$1 new=$2 corpus=$3 runs=${4:-21} shards=${SHARDS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$old/morgue-index" --db "$work/old" --quiet --shards "$shards" "$corpus" &
"$new/morgue-index" --db "$work/new" --quiet --shards "$shards" "$corpus"
wait
echo "corpus: $corpus, $(wc -l < "$corpus") articles, $shards shard(s); $runs alternating runs per query"
ms() {
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  echo $((($(date +%s%N) - start) / 1000))
}
median() { sort -n | awk '{v[NR] = $1} END {printf "%.2f", v[int((NR + 1) / 2)] / 1000}'; }
counts() {
  "$@" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(("%d" if d["total_exact"] else "~%d") % d["total"], ("%d" if d["results_exact"] else "~%d") % d["results"])'
}
printf '%-16s | %8s | %8s | %7s | %-18s | %-18s\n' query "old ms" "new ms" new/old \
  "old total, results" "new total, results"
while IFS='|' read -r label query facets; do
  args=(-n 10)
  [ -n "$facets" ] && args+=(--facets "$facets")
  old_ms=() new_ms=()
  for _ in $(seq "$runs"); do
    old_ms+=("$(ms "$old/morgue-search" --db "$work/old" "${args[@]}" "$query")")
    new_ms+=("$(ms "$new/morgue-search" --db "$work/new" "${args[@]}" "$query")")
  done
  o=$(printf '%s\n' "${old_ms[@]}" | median)
  n=$(printf '%s\n' "${new_ms[@]}" | median)
  printf '%-16s | %8s | %8s | %6.2fx | %-18s | %-18s\n' "$label" "$o" "$n" \
    "$(echo "$n / $o" | bc -l)" "$(counts "$old/morgue-search" --db "$work/old" --json "${args[@]}" "$query")" \
    "$(counts "$new/morgue-search" --db "$work/new" --json "${args[@]}" "$query")"
done <<'QUERIES'
one word|oil|
two words|oil prices|
rare word|sorghum|
phrase|"interest rates"|
name|Volcker|
filtered outlet|oil outlet:reuters|
filtered year|grain date:1987|
date range|coffee date:1987-03-01..1987-03-15|
faceted|oil|outlet,person,date
QUERIES
