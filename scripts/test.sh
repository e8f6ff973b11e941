#!/usr/bin/env bash
# Sets everything up, builds with warnings as errors and runs the whole test suite (ctest).
# MORGUE_ASAN=0 skips the second pass under AddressSanitizer + UBSan.
source "$(dirname "$0")/common.sh"
if [ ! -d "$ROOT/../shared/corpus/seeds" ]; then
  echo "test.sh: note: $ROOT/../shared/corpus/seeds not found; tests on the real corpora will be reported as skipped" >&2
fi
build_preset ci
ctest --preset ci
if [ "${MORGUE_ASAN:-1}" != 0 ]; then
  build_preset asan
  ctest --preset asan
fi
