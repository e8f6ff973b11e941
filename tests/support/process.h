// Running the real programs from end-to-end tests and capturing what they print.
#pragma once

#include <string>
#include <vector>

namespace morgue::test {

/// What a finished process left behind.
struct RunResult {
  int status = -1;  ///< exit status, or 128 + signal number when killed
  std::string out;  ///< everything written to stdout
  std::string err;  ///< everything written to stderr
};

/// Runs `argv` (argv[0] is a path, not looked up in PATH) with stdin from /dev/null and
/// waits for it. Throws std::runtime_error when it cannot be started.
RunResult run(const std::vector<std::string>& argv);

/// A process started by spawn(); finish() or kill_and_wait() must be called.
class Child {
 public:
  Child(int pid, std::string out_path, std::string err_path)
      : pid_(pid), out_path_(std::move(out_path)), err_path_(std::move(err_path)) {}
  /// Waits for the process to end by itself.
  RunResult finish();
  /// Sends `signal` (default SIGKILL) and waits.
  RunResult kill_and_wait(int signal = 9);
  /// The process id.
  [[nodiscard]] int pid() const { return pid_; }

 private:
  int pid_;
  std::string out_path_, err_path_;
};

/// Starts `argv` like run() but returns at once.
Child spawn(const std::vector<std::string>& argv);

/// The morgue-index and morgue-search binaries this build made.
inline std::string index_bin() { return MORGUE_INDEX_BIN; }
inline std::string search_bin() { return MORGUE_SEARCH_BIN; }
inline std::string serve_bin() { return MORGUE_SERVE_BIN; }

}  // namespace morgue::test
