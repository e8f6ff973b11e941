#!/usr/bin/env bash
# Installs the Debian packages morgue builds and tests with. Idempotent; quiet when all present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libxapian-dev libstemmer-dev libboost-program-options-dev doctest-dev
  libicu-dev nlohmann-json3-dev libvalijson-dev zlib1g-dev libsimdjson-dev
  libcpp-httplib-dev
  chromium python3-websocket fonts-dejavu-core  # the search page tested in a browser
  iso-codes tzdata xapian-tools clang-14 libclang-rt-14-dev
  help2man dpkg-dev bash-completion man-db  # man pages, the .deb and its test (packaging)
  xapian-omega sqlite3 libsqlite3-dev  # benchmark peers (bench/)
)

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
