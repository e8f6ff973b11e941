// Command-line pieces both programs share, so an option is spelled and documented once.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace morgue::cli {

/// Options every morgue program takes.
struct CommonOptions {
  std::string db;        ///< --db PATH: the index directory. Required.
  bool verbose = false;  ///< --verbose: more detail on stderr.
  bool help = false;     ///< --help: usage on stdout, exit 0.
  bool version = false;  ///< --version: version on stdout, exit 0.
  /// --log-format text|json: diagnostics on stderr as text lines or JSON objects (log.h).
  std::string log_format = "text";
};

/// Adds --db, --verbose, --help, --version, --log-format bound to `options` (which must outlive
/// `desc`).
void add_common_options(boost::program_options::options_description& desc, CommonOptions& options);

/// Width of --help's option table: wide enough that no description breaks inside a word.
inline constexpr unsigned kHelpWidth = 100;

/// `value` as the shortest text that reads back as it ("0.4", not "0.40000000000000002"), for
/// defaults shown in --help (Boost formats them through iostreams at full precision).
[[nodiscard]] std::string shortest(double value);

/// --version's line, GNU style so that help2man reads it: "morgue-index (morgue) 0.1.0
/// (Xapian 1.4.22, index schema 1)".
[[nodiscard]] std::string version_string(std::string_view program);

/// Makes std::terminate() a clean exit with `status` and a one-line message naming `program`,
/// instead of an abort: Xapian 1.4 calls it from inside WritableDatabase::commit() when a
/// write fails at some points (found by fault injection, tests/e2e_fault_test.cpp), and an
/// allocation failing on a pipeline thread ends there too. What was committed stays.
void exit_cleanly_on_terminate(const char* program, int status);

/// Exit status for bad usage, in both programs.
inline constexpr int kExitUsage = 2;

/// Bad usage: a malformed command line, a missing or out-of-range option. Thrown by the
/// programs' option checks and turned into a message and kExitUsage by report().
class UsageError : public std::runtime_error {
 public:
  /// `point_to_help`: add "(see PROGRAM --help)" (for what --help explains, not for values).
  explicit UsageError(const std::string& what, bool point_to_help = false)
      : std::runtime_error(what), point_to_help_(point_to_help) {}
  [[nodiscard]] bool points_to_help() const { return point_to_help_; }

 private:
  bool point_to_help_;
};

/// Writes "PROGRAM: error: MESSAGE" for `error` to stderr (terminal controls escaped) and
/// returns kExitUsage.
int report(const char* program, const UsageError& error);

/// Writes "PROGRAM: error: WHY" for the exception being handled (call it in a catch block):
/// a Xapian error's description, "out of memory", or what(), with `consequence` after the
/// first two (what a failed write or allocation leaves behind), escaped for the terminal.
void report_failure(const char* program, std::string_view consequence = {});

/// What run_main() needs to know of a program.
struct Program {
  const char* name;           ///< "morgue-index"
  const char* usage;          ///< --help's text above the options
  const char* exit_statuses;  ///< --help's text below them
  int success;                ///< the exit status of --help and --version
};

/// The body of both programs' main(): `parse()` reads the command line into the variables
/// `visible` and `common` are bound to; --help or --version is answered if asked for; else
/// `run()` does the work and returns the exit status. A UsageError from either is reported
/// (kExitUsage).
int run_main(const Program& program, const CommonOptions& common,
             const boost::program_options::options_description& visible,
             const std::function<void()>& parse, const std::function<int()>& run);

/// Parses `argv` against `all` (bound to the caller's variables) with `positional`; a Boost
/// error becomes UsageError pointing to --help. With `allow_unregistered`, unknown tokens are
/// kept in the result for the caller to judge.
boost::program_options::parsed_options parse_command_line(
    int argc, char** argv, const boost::program_options::options_description& all,
    const boost::program_options::positional_options_description& positional,
    bool allow_unregistered = false);

}  // namespace morgue::cli
