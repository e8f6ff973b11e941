#!/bin/sh
# Sweeps morgue-search's ranking settings over BEIR collections with morgue-bench-beir and
# prints one row per setting. Usage: bench/tune-ranking.sh BUILD_DIR COLLECTION_DIR...
# (collections from: morgue-bench-prepare --beir --out DIR). Takes a few minutes.
set -eu
build=$1
shift
beir="$build/bench/morgue-bench-beir"
for data in "$@"; do
  name=$(basename "$data")
  work="${TMPDIR:-/tmp}/morgue-tune-$name"
  "$beir" --data "$data" --work "$work" > /dev/null  # index once with the defaults
  row() {  # label, then morgue-search arguments
    label=$1
    shift
    args=""
    for a in "$@"; do args="$args --search-arg $a"; done
    # shellcheck disable=SC2086
    printf '%-34s %s\n' "$label" "$("$beir" --data "$data" --work "$work" --keep-index $args |
      sed -n 2p | cut -c25-)"
  }
  echo "== $name   (queries nDCG@10 Recall@100 MAP@100)"
  for k1 in 0.6 0.9 1.2 1.6 2.0; do
    for b in 0.3 0.5 0.75 0.9; do
      row "AND k1=$k1 b=$b" --bm25-k1 $k1 --bm25-b $b
    done
  done
  for p in 0 0.3 1; do
    row "AND proximity=$p" --proximity-boost $p
    row "OR (--any) proximity=$p" --any --proximity-boost $p
  done
  for tw in 1 2 5; do
    "$beir" --data "$data" --work "$work-tw$tw" --index-arg --title-weight --index-arg $tw \
      > /dev/null
    printf '%-34s %s\n' "AND title-weight=$tw (default 3)" \
      "$("$beir" --data "$data" --work "$work-tw$tw" --keep-index | sed -n 2p | cut -c25-)"
  done
done
