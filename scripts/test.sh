#!/usr/bin/env bash
# Sets everything up, builds with warnings as errors and runs the whole test suite (ctest).
# MORGUE_ASAN=0 skips the second pass under AddressSanitizer + UBSan.
source "$(dirname "$0")/common.sh"
build_preset ci
ctest --preset ci
if [ "${MORGUE_ASAN:-1}" != 0 ]; then
  build_preset asan
  ctest --preset asan
fi
