#!/usr/bin/env bash
# Sets everything up, builds with warnings as errors under AddressSanitizer + UBSan (the ci
# preset), runs the whole test suite (ctest), then runs each libFuzzer target for a short
# time. MORGUE_FUZZ_SECONDS=0 skips the fuzzing (default 10 s per target).
source "$(dirname "$0")/common.sh"
if [ ! -d "$ROOT/../shared/corpus/seeds" ]; then
  echo "test.sh: note: $ROOT/../shared/corpus/seeds not found; tests on the real corpora will be reported as skipped" >&2
fi
MORGUE_DEPS=tests build_preset ci
ctest --preset ci
if [ "${MORGUE_FUZZ_SECONDS:-10}" != 0 ]; then
  "$ROOT/scripts/fuzz.sh" "${MORGUE_FUZZ_SECONDS:-10}"
fi
