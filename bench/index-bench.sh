#!/bin/sh
# Full-build cost side by side, in one run, on the same JSONL corpus: morgue-index (facets,
# entities, copies, spelling; one shard, then --shards 2) against the plain Xapian
# TermGenerator indexer (morgue-bench-plain-index: the floor of our own engine), Xapian's
# scriptindex (xapian-omega) and SQLite FTS5 (sqlite3). Prints seconds, articles/s, MB/s of
# input, peak RSS and index size before and after compaction, and the ratios to the plain
# Xapian floor (the first engine run). scriptindex reads its own input format: the conversion
# (morgue-bench-scriptindex-input) runs before and is not timed.
#   bench/index-bench.sh BUILD_DIR CORPUS.jsonl [ENGINE...]
# ENGINE: plain, scriptindex, sqlite, morgue, morgue-shards2 (default: all, in that order).
set -eu
build=$1
corpus=$2
shift 2
engines=${*:-plain scriptindex sqlite morgue morgue-shards2}
here=$(cd "$(dirname "$0")" && pwd)
for tool in xapian-compact scriptindex sqlite3; do
  command -v "$tool" > /dev/null || { echo "index-bench: $tool missing (scripts/install-deps.sh)" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-index-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
articles=$(wc -l < "$corpus")
mb=$(du -m "$corpus" | cut -f1)
echo "corpus: $corpus, $articles articles, $mb MB; $(nproc) cores"
printf '%-26s %8s %10s %7s %7s %8s %9s %10s %8s\n' engine seconds articles/s MB/s "RSS MB" \
  "index MB" "compact MB" "speed/plain" "size/plain"
plain_rate='' plain_size=''
measure() {  # name, index path, compact command (gets path, prints nothing), command...
  name=$1 path=$2 compact=$3
  shift 3
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/log" 2>&1 ||
    { echo "index-bench: $name failed:" >&2; tail -5 "$work/log" >&2; return 1; }
  read -r seconds rss < "$work/time"
  size=$(du -sm "$path" | cut -f1)
  $compact "$path"
  compacted=$(du -sm "$path" | cut -f1)
  rate=$(awk -v s="$seconds" -v a="$articles" 'BEGIN { printf "%.0f", a / s }')
  if [ -z "$plain_rate" ]; then plain_rate=$rate plain_size=$compacted; fi
  awk -v n="$name" -v s="$seconds" -v r="$rate" -v m="$mb" -v rss="$rss" -v size="$size" \
    -v c="$compacted" -v pr="$plain_rate" -v ps="$plain_size" \
    'BEGIN { printf "%-26s %8.1f %10d %7.2f %7.0f %8d %9d %10.2fx %7.2fx\n",
             n, s, r, m / s, rss / 1024, size, c, r / pr, c / ps }'
  rm -rf "$path"
}
xapian_compact() {  # a database, or every shard of a morgue index, compacted in place
  find "$1" -name iamglass -exec dirname {} \; | while read -r db; do
    xapian-compact "$db" "$db.compact" > /dev/null && rm -rf "$db" && mv "$db.compact" "$db"
  done
}
sqlite_optimize() {
  sqlite3 "$1" "INSERT INTO docs(docs) VALUES('optimize'); VACUUM;"
}
for engine in $engines; do
  case $engine in
    plain) measure "plain Xapian (floor)" "$work/plain" xapian_compact \
      "$build/bench/morgue-bench-plain-index" "$work/plain" "$corpus" ;;
    scriptindex)
      "$build/bench/morgue-bench-scriptindex-input" "$corpus" "$work/input" 2> /dev/null
      measure "scriptindex (omega)" "$work/si" xapian_compact \
        scriptindex "$work/si" "$here/articles.scriptindex" "$work/input"
      rm -f "$work/input" ;;
    sqlite)
      # shellcheck disable=SC2016 # $1..$3 are the inner shell's arguments
      measure "SQLite FTS5" "$work/fts.db" sqlite_optimize \
        sh -c 'sqlite3 "$1" ".read $2" < "$3"' sh "$work/fts.db" "$here/fts5-load.sql" "$corpus" ;;
    morgue) measure "morgue-index" "$work/m1" xapian_compact \
      "$build/morgue-index" --db "$work/m1" --quiet --shards 1 "$corpus" ;;
    morgue-shards2) measure "morgue-index --shards 2" "$work/m2" xapian_compact \
      "$build/morgue-index" --db "$work/m2" --quiet --shards 2 "$corpus" ;;
    *) echo "index-bench: unknown engine $engine" >&2; exit 2 ;;
  esac
done
