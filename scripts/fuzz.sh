#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a fixed time from a
# copy of its seed corpus. A crash fails the run; its input is saved under build/fuzz/crashes/
# and belongs in tests/fuzz/corpus/NAME/ (with the fix), where every build replays it.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 10)
source "$(dirname "$0")/common.sh"
seconds="${1:-10}"
"$ROOT/scripts/install-deps.sh" tests
cmake --preset fuzz -S "$ROOT" >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
out="$ROOT/build/fuzz"
# Known leaks inside libraries, each explained in the file.
export LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan-suppressions.txt"
mkdir -p "$out/crashes"
status=0
for target in text records dates analysis query stub manifest_paths pages warc; do
  work="$out/corpus-$target"
  rm -rf "$work" && cp -r "$ROOT/tests/fuzz/corpus/$target" "$work"
  echo "fuzz: $target for ${seconds}s" >&2
  if ! "$out/tests/fuzz/morgue-fuzz-$target" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$out/crashes/$target-" -print_final_stats=0 \
      "$work" >"$out/$target.log" 2>&1; then
    echo "fuzz: $target FAILED; see $out/$target.log and $out/crashes/" >&2
    tail -30 "$out/$target.log" >&2
    status=1
  else
    grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$out/$target.log" | tail -1 >&2 || true
  fi
done
exit $status
