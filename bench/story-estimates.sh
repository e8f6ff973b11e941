#!/usr/bin/env bash
# How close the counts estimated past the exact-count limit come to the truth: each query run
# through morgue-search as a user runs it, and again with --facets outlet, which counts every
# match. Prints a Markdown table: articles and stories as answered ("~" an estimate), the
# exact stories, and how far off the estimate is.
# Usage: bench/story-estimates.sh BUILD_DIR INDEX [QUERY...]
#   a QUERY is one argument holding morgue-search's words and options: '--any oil gas'
#   e.g. bench/story-estimates.sh build/release /work/benchdata/idx-x20
set -euo pipefail
build=$1
index=$2
shift 2
if [ $# -eq 0 ]; then
  set -- '' said oil reuter '--any oil gas' 'oil --from 1987-03-01 --to 1987-03-31' \
    'oil NOT gas' '"interest rates"'
fi
answer() {  # QUERY [OPTIONS...]: total, exactness, stories, exactness
  local -a words
  read -r -a words <<< "$1"  # morgue-search joins its words again: a phrase stays one
  shift
  [ ${#words[@]} -gt 0 ] || words=('')
  "$build/morgue-search" --db "$index" --json -n 0 "$@" "${words[@]}" |
    jq -r '"\(.total) \(.total_exact) \(.results) \(.results_exact)"'
}
echo "| query | articles | stories | exact stories | off by |"
echo "| --- | --- | --- | --- | --- |"
for query in "$@"; do
  read -r total total_exact stories stories_exact < <(answer "$query")
  read -r _ _ exact _ < <(answer "$query" --facets outlet)
  mark() { [ "$1" = true ] && echo "$2" || echo "~$2"; }
  off=$(awk -v e="$stories" -v x="$exact" 'BEGIN { printf "%+.1f%%", x ? 100 * (e - x) / x : 0 }')
  printf '| `%s` | %s | %s | %s | %s |\n' "${query:-(everything)}" "$(mark "$total_exact" "$total")" \
    "$(mark "$stories_exact" "$stories")" "$exact" "$off"
done
