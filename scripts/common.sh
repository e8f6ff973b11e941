# Shared by scripts/*.sh: install dependencies, configure and build one preset.
# Usage: source scripts/common.sh; build_preset PRESET [TARGET...]
#   With TARGETs (the demo: the commands alone), only what building them needs is installed,
#   and tests and benchmarks are neither configured nor built. Without, MORGUE_DEPS names what
#   to install (install-deps.sh: tests or all, the default).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build_preset() {
  local preset="$1"
  shift
  if [ $# -gt 0 ]; then
    "$ROOT/scripts/install-deps.sh" programs
    cmake --preset "$preset" -S "$ROOT" -DBUILD_TESTING=OFF -DMORGUE_BUILD_BENCH=OFF >/dev/null
    local targets=()
    for t in "$@"; do targets+=(--target "$t"); done
    cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
  else
    "$ROOT/scripts/install-deps.sh" "${MORGUE_DEPS:-all}"
    cmake --preset "$preset" -S "$ROOT" >/dev/null
    cmake --build --preset "$preset" -j "$(nproc)"
  fi
}
