#!/bin/sh
# Full-build cost side by side, in one run: morgue-index (one shard, then --shards 2) against
# the plain Xapian TermGenerator indexer (morgue-bench-plain-index), on the same JSONL corpus.
# Prints seconds, articles/s, MB/s of input, peak RSS and index size before and after
# compaction. Usage: bench/index-bench.sh BUILD_DIR CORPUS.jsonl
set -eu
build=$1
corpus=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-index-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
articles=$(wc -l < "$corpus")
mb=$(du -m "$corpus" | cut -f1)
printf '%-24s %8s %10s %7s %9s %9s %12s\n' engine seconds articles/s MB/s "RSS MB" "index MB" "compacted MB"
measure() {  # name, index dir, compact source, command...
  name=$1 dir=$2 source=$3
  shift 3
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2>&1
  read -r seconds rss < "$work/time"
  xapian-compact "$dir/$source" "$work/compacted" > /dev/null 2>&1 ||
    xapian-compact "$dir" "$work/compacted" > /dev/null 2>&1
  awk -v n="$name" -v s="$seconds" -v a="$articles" -v m="$mb" -v r="$rss" \
    -v size="$(du -sm "$dir" | cut -f1)" -v c="$(du -sm "$work/compacted" | cut -f1)" \
    'BEGIN { printf "%-24s %8.1f %10.0f %7.2f %9.0f %9s %12s\n", n, s, a / s, m / s, r / 1024, size, c }' 
  rm -rf "$work/compacted" "$dir"
}
measure "plain Xapian" "$work/plain" . "$build/bench/morgue-bench-plain-index" "$work/plain" "$corpus"
measure "morgue-index" "$work/m1" gen-000001 "$build/morgue-index" --db "$work/m1" --quiet "$corpus"
measure "morgue-index --shards 2" "$work/m2" XAPIANDB "$build/morgue-index" --db "$work/m2" --quiet \
  --shards 2 "$corpus"
