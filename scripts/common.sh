# Shared by scripts/*.sh: install dependencies, configure and build one preset.
# Usage: source scripts/common.sh; build_preset PRESET
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build_preset() {
  local preset="$1"
  "$ROOT/scripts/install-deps.sh"
  cmake --preset "$preset" -S "$ROOT" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
}
