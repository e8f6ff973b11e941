#!/usr/bin/env bash
# Sets everything up, builds with warnings as errors and runs the whole test suite (ctest),
# then again under AddressSanitizer + UBSan, then each libFuzzer target for a short time.
# MORGUE_ASAN=0 skips the sanitizer pass, MORGUE_FUZZ_SECONDS=0 the fuzzing (default 10 s
# per target).
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
if [ "${MORGUE_FUZZ_SECONDS:-10}" != 0 ]; then
  "$ROOT/scripts/fuzz.sh" "${MORGUE_FUZZ_SECONDS:-10}"
fi
