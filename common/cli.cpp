// Shared command-line options.
#include "common/cli.h"

#include <xapian.h>

#include <charconv>

#include "common/schema.h"

namespace morgue::cli {

namespace po = boost::program_options;

void add_common_options(po::options_description& desc, CommonOptions& options) {
  // clang-format off
  desc.add_options()
      ("db", po::value(&options.db)->value_name("PATH"), "index directory (required)")
      ("verbose,v", po::bool_switch(&options.verbose), "more detail on stderr")
      ("help,h", po::bool_switch(&options.help), "show this help and exit")
      ("version", po::bool_switch(&options.version), "show the version and exit");
  // clang-format on
}

std::string shortest(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

std::string version_string() {
  return std::string("morgue 0.1.0 (Xapian ") + Xapian::version_string() + ", index schema " +
         std::to_string(schema::kVersion) + ")";
}

}  // namespace morgue::cli
