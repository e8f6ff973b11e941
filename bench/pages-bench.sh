#!/bin/sh
# Saved pages and crawls, measured: article extraction against the ground truth of
# scrapinghub/article-extraction-benchmark (181 news and blog pages), by that benchmark's own
# evaluate.py, morgue side by side with plain tag stripping (the benchmark's html-text peer);
# headline, day and outlet against 46 pages labelled by reading them; then morgue-index's
# throughput on the same pages, COPIES times over, as a WARC crawl, as a folder of .html files,
# and as a JSONL feed of the already-extracted text (the cost of reading pages, side by side).
#   bench/pages-bench.sh BUILD_DIR BENCHMARK_DIR [COPIES]   (COPIES default 17: 3,077 pages)
# BENCHMARK_DIR is a checkout of github.com/scrapinghub/article-extraction-benchmark (html/,
# ground-truth.json, evaluate.py). Needs python3.
set -eu
build=$1
bench=$2
copies=${3:-17}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-pages-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== article extraction (evaluate.py of the benchmark; 181 pages)"
mkdir -p "$work/eval/output"
cp "$bench/ground-truth.json" "$bench/evaluate.py" "$work/eval/"
ln -s "$bench/html" "$work/eval/html"
"$build/bench/morgue-bench-extraction" "$bench" "$work/eval/output"
(cd "$work/eval" && python3 evaluate.py --n-bootstrap 1000)

echo "== morgue-index throughput, $copies copies of the pages ($(nproc) cores)"
python3 "$here/make-crawl.py" "$bench" "$work/in" "$copies"
pages=$(ls "$work/in/pages" | wc -l)
printf '%-22s %8s %9s %8s %9s\n' input seconds pages/s "MB in" "RSS MB"
for input in crawl.warc.gz pages articles.jsonl; do
  rm -rf "$work/db"
  /usr/bin/time -f '%e %M' -o "$work/time" "$build/morgue-index" --db "$work/db" \
    "$work/in/$input" > "$work/log" 2>&1 || { tail -5 "$work/log" >&2; exit 1; }
  read -r seconds rss < "$work/time"
  mb=$(du -sm "$work/in/$input" | cut -f1)
  awk -v n="$input" -v s="$seconds" -v p="$pages" -v m="$mb" -v r="$rss" \
    'BEGIN { printf "%-22s %8.2f %9.0f %8d %9.0f\n", n, s, p / s, m, r / 1024 }'
  grep -o 'indexed [0-9]* ([0-9]* added' "$work/log" | sed 's/^/    /'
done
