#!/bin/sh
# Feedback's effect on every relevance collection: each ranked with feedback off
# (--feedback-min-terms 0) and as shipped, all words required and --any, compared query by
# query with morgue-bench-compare (means, queries up and down, paired randomisation p).
# Usage: bench/compare-feedback.sh BUILD_DIR DIR [--changes], DIR holding the collections of
# morgue-bench-prepare --beir and bench/make-questions.sh.
set -eu
build=$1
dir=$2
changes=${3:-}
beir="$build/bench/morgue-bench-beir"
compare="$build/bench/morgue-bench-compare"
for name in beir-reuters-topics beir-reuters-people beir-reuters-questions-a \
  beir-reuters-questions-b beir-reuters-questions; do
  data="$dir/$name"
  work="${TMPDIR:-/tmp}/morgue-compare-$name"
  keep=""
  for mode in all any; do
    any=""
    [ "$mode" = any ] && any="--search-arg --any"
    # shellcheck disable=SC2086
    "$beir" --data "$data" --work "$work" $keep $any --search-arg --feedback-min-terms \
      --search-arg 0 --run "$work/off-$mode.trec" > /dev/null
    keep=--keep-index
    # shellcheck disable=SC2086
    "$beir" --data "$data" --work "$work" $keep $any --run "$work/on-$mode.trec" > /dev/null
    echo "== $name, $([ "$mode" = any ] && echo "--any" || echo "all words required"): feedback off -> on"
    # shellcheck disable=SC2086
    "$compare" --data "$data" $changes "$work/off-$mode.trec" "$work/on-$mode.trec"
  done
done
