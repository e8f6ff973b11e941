#!/bin/sh
# Whole-process query latency, side by side in one run: `morgue-search` against Xapian's
# `quest` (Debian xapian-tools) on the same index, over a fixed query set (terms, phrases,
# names, filtered, faceted). Each query runs RUNS times per engine, alternating; prints
# median and p99 wall time in ms and the ratio of medians. quest gets the same words with
# the filters mapped to its boolean prefixes; it has no facets, so a faceted query is timed
# against quest's plain query (what a quest user would run).
#   bench/query-bench.sh BUILD_DIR INDEX [RUNS]     (INDEX: a one-shard morgue index)
set -eu
build=$1
db=$2
runs=${3:-30}
search="$build/morgue-search"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/morgue-query-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ms() {  # file of nanosecond durations -> "median p99" in ms
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)];
    printf "%.1f %.1f", m / 1e6, p / 1e6 }'
}
time_runs() {  # output file, command...
  out=$1
  shift
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  echo $(($(date +%s%N) - start)) >> "$out"
}
printf '%-34s %16s %16s %7s\n' query "quest med/p99" "morgue med/p99" ratio
while IFS='|' read -r label quest_query morgue_args; do
  [ -z "$label" ] && continue
  : > "$tmp/q" && : > "$tmp/m"
  i=0
  while [ $i -lt "$runs" ]; do
    time_runs "$tmp/q" quest -d "$db" -m 10 -s english -b outlet:XO -b year:Y $quest_query
    # shellcheck disable=SC2086
    eval "time_runs \"\$tmp/m\" \"\$search\" --db \"\$db\" $morgue_args"
    i=$((i + 1))
  done
  set -- $(ms "$tmp/q") $(ms "$tmp/m")
  printf '%-34s %7s / %-6s %7s / %-6s %6.2fx\n' "$label" "$1" "$2" "$3" "$4" \
    "$(awk -v a="$3" -v b="$1" 'BEGIN { print a / b }')"
done <<'QUERIES'
one word: oil|oil|oil
two words|oil prices|'oil prices'
rare word|sorghum|sorghum
phrase|"interest rates"|'"interest rates"'
name|Volcker|Volcker
filtered: outlet|oil outlet:reuters|'oil outlet:reuters'
filtered: year|grain year:1987|'grain year:1987'
faceted: outlet,person,date|oil|'--facets outlet,person,date oil'
QUERIES
