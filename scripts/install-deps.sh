#!/usr/bin/env bash
# Installs the Debian packages morgue builds and tests with. Idempotent; quiet when all present.
# Usage: install-deps.sh [programs|tests|all]   programs: what building the four commands needs
# (the demo); tests: that and what the tests, fuzzing and the package need (the test command);
# all (default): that and the benchmarks' client and peers.
set -euo pipefail

programs=(
  build-essential cmake ninja-build pkg-config
  libxapian-dev libstemmer-dev libboost-program-options-dev  # Boost's headers: Beast, Asio
  libicu-dev nlohmann-json3-dev zlib1g-dev libsimdjson-dev libgumbo-dev
  iso-codes tzdata  # embedded gazetteer data
)
tests=(
  git doctest-dev libvalijson-dev
  chromium python3-websocket fonts-dejavu-core  # the search page tested in a browser
  xapian-tools clang-14 libclang-rt-14-dev  # remote shards in tests; fuzzing
  help2man dpkg-dev bash-completion man-db  # man pages, the .deb and its test (packaging)
)
bench=(
  libcpp-httplib-dev xapian-omega sqlite3 libsqlite3-dev  # benchmark client and peers (bench/)
)

packages=("${programs[@]}")
case "${1:-all}" in
  programs) ;;
  tests) packages+=("${tests[@]}") ;;
  all) packages+=("${tests[@]}" "${bench[@]}") ;;
  *) echo "usage: install-deps.sh [programs|tests|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root or install them" >&2
  exit 2
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
