// Shared command-line options.
#include "common/cli/cli.h"

#include <unistd.h>
#include <xapian.h>

#include <charconv>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "common/index/schema.h"
#include "common/text/log.h"
#include "common/text/printable.h"

namespace morgue::cli {

namespace po = boost::program_options;

void add_common_options(po::options_description& desc, CommonOptions& options) {
  // clang-format off
  desc.add_options()
      ("db", po::value(&options.db)->value_name("PATH"), "index directory (required)")
      ("verbose,v", po::bool_switch(&options.verbose), "more detail on stderr")
      ("help,h", po::bool_switch(&options.help), "show this help and exit")
      ("version", po::bool_switch(&options.version), "show the version and exit")
      ("log-format", po::value(&options.log_format)->value_name("text|json")
                         ->default_value(options.log_format),
       "diagnostics on stderr as text lines, or one JSON object per line (time, program, "
       "level, message; file, line and offset where known) for a log shipper");
  // clang-format on
}

namespace {

const char* terminate_program = "morgue";
int terminate_status = 2;

[[noreturn]] void clean_terminate() {
  std::string why =
      "stopped by a failure it cannot recover from (a write that failed while committing, or "
      "memory exhausted)";
  if (const std::exception_ptr current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const std::bad_alloc&) {
      why = "out of memory";
    } catch (const Xapian::Error& e) {
      why = e.get_description();
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
    }
  }
  why += " (anything committed before it is kept)";
  const std::string line =
      (log_format() == LogFormat::kJson ? json_log_line({terminate_program, "error", why, {}})
                                        : std::string(terminate_program) + ": error: " + why) +
      "\n";
  // No stream, no allocation that could fail again: one write, then leave.
  (void)!::write(STDERR_FILENO, line.data(), line.size());
  std::_Exit(terminate_status);
}

}  // namespace

void exit_cleanly_on_terminate(const char* program, int status) {
  terminate_program = program;
  terminate_status = status;
  std::set_terminate(clean_terminate);
}

int report(const char* program, const UsageError& error) {
  std::string text = std::string(program) + ": error: " + printable(error.what());
  if (error.points_to_help()) text += "\n(see " + std::string(program) + " --help)";
  write_log(std::cerr, {program, "error", error.what(), {}}, text);
  return kExitUsage;
}

void report_failure(const char* program, std::string_view consequence) {
  std::string why;
  try {
    throw;
  } catch (const Xapian::Error& e) {
    why = e.get_description() + std::string(consequence);
  } catch (const std::bad_alloc&) {
    why = "out of memory" + std::string(consequence);
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
    why = "unknown failure" + std::string(consequence);
  }
  write_log(std::cerr, {program, "error", why, {}},
            std::string(program) + ": error: " + printable(why));
}

int run_main(const Program& program, const CommonOptions& common,
             const po::options_description& visible, const std::function<void()>& parse,
             const std::function<int()>& run) {
  try {
    parse();
    const auto format = parse_log_format(common.log_format);
    if (!format) {
      throw UsageError("--log-format must be text or json, not \"" + common.log_format + "\"");
    }
    set_log_format(*format);
    if (common.help) {
      std::cout << program.usage << '\n' << visible << program.exit_statuses;
      return program.success;
    }
    if (common.version) {
      std::cout << version_string(program.name) << '\n';
      return program.success;
    }
    return run();
  } catch (const UsageError& e) {
    return report(program.name, e);
  }
}

po::parsed_options parse_command_line(int argc, char** argv, const po::options_description& all,
                                      const po::positional_options_description& positional,
                                      bool allow_unregistered) {
  // Honour --log-format json already for the errors of the command line itself.
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--log-format=json" ||
        (arg == "--log-format" && i + 1 < argc && std::string_view(argv[i + 1]) == "json")) {
      set_log_format(LogFormat::kJson);
    }
  }
  try {
    auto parser = po::command_line_parser(argc, argv).options(all).positional(positional);
    if (allow_unregistered) parser.allow_unregistered();
    po::parsed_options parsed = parser.run();
    po::variables_map vm;
    po::store(parsed, vm);
    po::notify(vm);
    return parsed;
  } catch (const po::error& e) {
    throw UsageError(e.what(), true);
  }
}

std::string shortest(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

std::string version_string(std::string_view program) {
  return std::string(program) + " (morgue) " MORGUE_VERSION " (Xapian " + Xapian::version_string() +
         ", index schema " + std::to_string(schema::kVersion) + ")";
}

}  // namespace morgue::cli
