// Running the real morgue binaries from the benchmarks. Bench-only.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace morgue::bench {

/// What a finished command left behind.
struct CommandResult {
  int status = -1;  ///< exit status; -1 when it did not exit normally
  std::string out;  ///< its standard output (stderr goes to ours)
  double seconds = 0;
};

/// Runs `argv` through /bin/sh with every argument quoted, capturing stdout.
[[nodiscard]] CommandResult run_command(const std::vector<std::string>& argv);

/// Runs `argv` directly (PATH searched, no shell), its stdout to /dev/null and, with
/// `quiet_stderr`, its stderr too; waits for it. Its exit status; -1 when it could not be
/// started or did not exit normally. The cheapest way to run a whole process, for timing one.
[[nodiscard]] int run_discarding_output(const std::vector<std::string>& argv, bool quiet_stderr);

/// The directory holding morgue-index and morgue-search for a bench binary started as
/// `argv0`: its own build directory's parent (build/PRESET/bench/x -> build/PRESET).
[[nodiscard]] std::filesystem::path default_bin_dir(const char* argv0);

}  // namespace morgue::bench
