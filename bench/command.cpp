// Command running for the benchmarks.
#include "bench/command.h"

#include <sys/wait.h>

#include <chrono>
#include <cstdio>

namespace morgue::bench {
namespace {

std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& a : argv) line += shell_quote(a) + ' ';
  CommandResult result;
  const auto start = std::chrono::steady_clock::now();
  FILE* pipe = popen(line.c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) result.out.append(buf, n);
  const int status = pclose(pipe);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::filesystem::path default_bin_dir(const char* argv0) {
  std::error_code ec;
  const auto self = std::filesystem::canonical(argv0, ec);
  return ec ? std::filesystem::path(".") : self.parent_path().parent_path();
}

}  // namespace morgue::bench
