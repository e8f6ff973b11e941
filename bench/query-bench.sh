#!/bin/sh
# Query latency and facet cost side by side on one corpus. Builds a one-shard morgue index
# and an SQLite FTS5 database of CORPUS, then runs morgue-bench-latency (the fixed query set
# bench/queries.txt in-process and as whole processes, against Xapian/quest and SQLite
# FTS5/sqlite3) and morgue-bench-facets (the word matching closest to half the index, with
# and without outlet, person and date facets).
#   bench/query-bench.sh BUILD_DIR CORPUS.jsonl [RUNS]      (RUNS per query, default 30)
set -eu
build=$1
corpus=$2
runs=${3:-30}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-query-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$build/morgue-index" --db "$work/morgue" --quiet --shards 1 "$corpus"  # the latency bench opens one database
sqlite3 "$work/fts.db" ".read $here/fts5-load.sql" < "$corpus"
echo "corpus: $corpus, $(wc -l < "$corpus") articles; $(nproc) cores"
"$build/bench/morgue-bench-latency" --db "$work/morgue" --sqlite "$work/fts.db" \
  --queries "$here/queries.txt" --runs "$runs" --bin "$build"
echo
"$build/bench/morgue-bench-facets" --db "$work/morgue" --repeat "$runs"
