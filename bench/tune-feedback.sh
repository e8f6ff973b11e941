#!/bin/sh
# Sweeps morgue-search's feedback settings (--feedback-*) over BEIR collections with
# morgue-bench-beir, --any, and prints one row per setting: queries, nDCG@10, Recall@100,
# MAP@100. Usage: bench/tune-feedback.sh BUILD_DIR COLLECTION_DIR... (collections from
# bench/make-questions.sh: tune on beir-reuters-questions-a, confirm on -b). Every row names
# what it changes from the defaults (5 stories, 10 stems, weight 0.5, gate 4).
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
    printf '%-28s %s\n' "$label" "$("$beir" --data "$data" --work "$work" --keep-index \
      --search-arg --any $args | sed -n 2p | cut -c25-)"
  }
  echo "== $name   (queries nDCG@10 Recall@100 MAP@100)"
  row "off" --feedback-min-terms 0
  row "defaults"
  for w in 0.6 0.7 0.8 0.9; do
    row "weight $w" --feedback-weight $w
  done
  for d in 3 10 20; do
    row "$d stories" --feedback-docs $d
  done
  for t in 5 20; do
    row "$t stems" --feedback-terms $t
  done
done
