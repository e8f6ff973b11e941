#!/bin/sh
# Makes DIR/beir-reuters-questions: the corpus and judgements of DIR/beir-reuters-topics
# (from morgue-bench-prepare --beir --out DIR) with long questions for queries
# (bench/data/reuters-questions/queries.jsonl); and its two halves, DIR/beir-reuters-questions-a
# (the 1st, 3rd, 5th... question) and -b (the rest), to tune a setting on one half and
# confirm it on the other. Usage: bench/make-questions.sh DIR
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
questions="$here/data/reuters-questions/queries.jsonl"
make() {  # name, then the questions' line filter (awk)
  out="$dir/$1"
  mkdir -p "$out/qrels"
  ln -sf "$(cd "$dir/beir-reuters-topics" && pwd)/corpus.jsonl" "$out/corpus.jsonl"
  awk "$2" "$questions" > "$out/queries.jsonl"
  # The judgements of those questions only (and the header).
  sed -n 's/.*"_id": *"\([^"]*\)".*/\1/p' "$out/queries.jsonl" > "$out/ids"
  awk -F '\t' 'NR == FNR { keep[$1] = 1; next } FNR == 1 || keep[$1]' "$out/ids" \
    "$dir/beir-reuters-topics/qrels/test.tsv" > "$out/qrels/test.tsv"
  rm "$out/ids"
  echo "$out"
}
make beir-reuters-questions 1
make beir-reuters-questions-a 'NR % 2 == 1'
make beir-reuters-questions-b 'NR % 2 == 0'
