#!/bin/bash
# Fetches world-cities.csv (see world-cities.md) at its pinned commit and checks its SHA-256.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=https://raw.githubusercontent.com/datasets/world-cities/49974c675a13f12ec0b8b8164f0f82f017b896fc/data/world-cities.csv
curl -fsSL "$url" -o "$here/world-cities.csv.new"
echo "918a8894081b3406b6bcfdc0cccd6b151d939c18cd239fe636744b56c7486965  $here/world-cities.csv.new" |
  sha256sum --check --quiet
mv "$here/world-cities.csv.new" "$here/world-cities.csv"
