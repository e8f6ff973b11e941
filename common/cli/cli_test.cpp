#include "common/cli/cli.h"

#include <doctest/doctest.h>

#include <iostream>
#include <sstream>

namespace morgue::cli {
namespace {

namespace po = boost::program_options;

// Captures what a block writes to std::cout and std::cerr.
class Captured {
 public:
  Captured() : out_(std::cout.rdbuf(out.rdbuf())), err_(std::cerr.rdbuf(err.rdbuf())) {}
  ~Captured() {
    std::cout.rdbuf(out_);
    std::cerr.rdbuf(err_);
  }
  Captured(const Captured&) = delete;
  Captured& operator=(const Captured&) = delete;
  std::ostringstream out, err;

 private:
  std::streambuf* out_;
  std::streambuf* err_;
};

struct FakeProgram {
  CommonOptions common;
  int limit = 10;
  po::options_description visible{"Options"};
  po::positional_options_description positional;
  FakeProgram() {
    add_common_options(visible, common);
    visible.add_options()("limit", po::value(&limit));
  }
  int main(std::vector<std::string> args, bool run_throws = false) {
    std::vector<char*> argv{const_cast<char*>("prog")};
    for (auto& a : args) argv.push_back(a.data());
    return run_main(
        {"prog", "Usage: prog\n", "\nExit status: ...\n", 7}, common, visible,
        [&] {
          (void)parse_command_line(static_cast<int>(argv.size()), argv.data(), visible, positional);
        },
        [&] {
          if (run_throws) throw UsageError("--limit must be small");
          return limit;
        });
  }
};

}  // namespace

// The checks run after the streams are restored: doctest reports on std::cout.
TEST_CASE("run_main: parses, answers --help and --version, else runs") {
  FakeProgram p;
  int ran = 0, helped = 0;
  std::string out;
  {
    Captured io;
    ran = p.main({"--limit", "3"});
    helped = p.main({"--help"});
    out = io.out.str();
  }
  CHECK(ran == 3);
  CHECK(helped == 7);
  CHECK(out.find("Usage: prog") != std::string::npos);
  CHECK(out.find("--limit") != std::string::npos);
  CHECK(out.find("Exit status") != std::string::npos);
}

TEST_CASE("run_main: bad usage is one line naming the program, and kExitUsage") {
  int status = 0;
  std::string err;
  SUBCASE("a malformed command line points to --help") {
    FakeProgram p;
    {
      Captured io;
      status = p.main({"--limit", "many"});
      err = io.err.str();
    }
    CHECK(status == kExitUsage);
    CHECK(err.starts_with("prog: error: "));
    CHECK(err.find("(see prog --help)") != std::string::npos);
  }
  SUBCASE("a value the program refuses does not") {
    FakeProgram p;
    {
      Captured io;
      status = p.main({}, /*run_throws=*/true);
      err = io.err.str();
    }
    CHECK(status == kExitUsage);
    CHECK(err == "prog: error: --limit must be small\n");
  }
}

TEST_CASE("report_failure: says what failed, with its consequence where it has one") {
  std::string err;
  {
    Captured io;
    try {
      throw std::runtime_error("no index at /x");
    } catch (...) {
      report_failure("prog", " (kept)");
    }
    try {
      throw std::bad_alloc();
    } catch (...) {
      report_failure("prog", " (kept)");
    }
    try {
      throw std::runtime_error("bad \x1b[31m");
    } catch (...) {
      report_failure("prog");
    }
    err = io.err.str();
  }
  CHECK(err ==
        "prog: error: no index at /x\nprog: error: out of memory (kept)\n"
        "prog: error: bad \\x1B[31m\n");
}

TEST_CASE("shortest: defaults shown as typed") {
  CHECK(shortest(0.4) == "0.4");
  CHECK(shortest(1.2) == "1.2");
  CHECK(shortest(3) == "3");
}

}  // namespace morgue::cli
