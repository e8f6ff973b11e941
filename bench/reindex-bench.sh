#!/usr/bin/env bash
# Nightly-reindex cost: a full build of ~100,000 articles against a no-change run over the
# same sources, side by side, with morgue-index from build/release.
#   bench/reindex-bench.sh [WORKDIR]      (default /tmp/morgue-reindex-bench)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-/tmp/morgue-reindex-bench}"
BIN="$ROOT/build/release"
[ -x "$BIN/morgue-index" ] || { echo "build the release preset first" >&2; exit 2; }
mkdir -p "$WORK"
# Reuters ×5: 104,205 articles.
[ -f "$WORK/reuters-x5.jsonl" ] || "$BIN/bench/morgue-bench-prepare" --out "$WORK" --scale 5 >/dev/null 2>&1
rm -rf "$WORK/db"
t() { local s e; s=$(date +%s.%N); "$@" 2>"$WORK/last.err" || true; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN { print b - a }'; }
full=$(t "$BIN/morgue-index" --db "$WORK/db" --shards 1 "$WORK/reuters-x5.jsonl")
sed -n 's/^morgue-index: //p' "$WORK/last.err"
nochange=$(t "$BIN/morgue-index" --db "$WORK/db" "$WORK/reuters-x5.jsonl")
sed -n 's/^morgue-index: //p' "$WORK/last.err"
printf '%-28s %10s\n' "run (104,205 articles)" "seconds"
printf '%-28s %10.2f\n' "full build" "$full" "no-change incremental run" "$nochange"
printf '%-28s %9.1f%%\n' "no-change / full" "$(awk -v n="$nochange" -v f="$full" 'BEGIN { print 100 * n / f }')"
