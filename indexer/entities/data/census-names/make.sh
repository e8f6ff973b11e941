#!/bin/bash
# Rebuilds surnames.txt and given-names.txt, the tagger's name lists (README.md), from the US
# Census Bureau's 1990 name files: downloads them, checks their SHA-256, writes the names in
# lower case, most frequent first (a given name in both lists once, at its higher frequency).
#   indexer/entities/data/census-names/make.sh      Needs curl.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-census.XXXXXX")
trap 'rm -rf "$work"' EXIT
census=https://www2.census.gov/topics/genealogy/1990surnames
# The same files, byte for byte, kept in a repository at a pinned commit.
mirror=https://raw.githubusercontent.com/nullstyle/name-database/46d2e01a4953b8f54e8625c9111cf5b372d80b49/sources/census-1990
fetch() {  # NAME SHA256
  local from
  for from in "$census" "$mirror"; do
    if curl -fsSL "$from/$1" -o "$work/$1" &&
      echo "$2  $work/$1" | sha256sum --check --quiet --status; then
      return 0
    fi
    echo "make.sh: $1 from $from: not fetched or not the file expected" >&2
  done
  exit 1
}
fetch dist.all.last b0e2b3743ccbad641ca48b344c24cdebcd1d9a1f76dc6dbf05986f2919f0b4e1
fetch dist.female.first bd2f310fc4e5d5e5ea122c9d4342c9821145823118eb20db1647f305ec77b358
fetch dist.male.first 0a5078ef6effe3b483d15b0f7f95047662126c9bfb624ecd5e5b978fc0f2470b
awk '{print tolower($1)}' "$work/dist.all.last" > "$here/surnames.txt"
cat "$work/dist.male.first" "$work/dist.female.first" | awk '{print $2, tolower($1)}' |
  LC_ALL=C sort -s -k1,1gr | awk '!seen[$2]++ {print $2}' > "$here/given-names.txt"
sha256sum "$here/surnames.txt" "$here/given-names.txt"
