#!/bin/sh
# Makes DIR/beir-reuters-questions: the corpus and judgements of DIR/beir-reuters-topics
# (from morgue-bench-prepare --beir --out DIR) with long questions for queries
# (bench/data/reuters-questions/queries.jsonl). Usage: bench/make-questions.sh DIR
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
out="$dir/beir-reuters-questions"
mkdir -p "$out/qrels"
ln -sf "$(cd "$dir/beir-reuters-topics" && pwd)/corpus.jsonl" "$out/corpus.jsonl"
cp "$dir/beir-reuters-topics/qrels/test.tsv" "$out/qrels/test.tsv"
cp "$here/data/reuters-questions/queries.jsonl" "$out/queries.jsonl"
echo "$out"
