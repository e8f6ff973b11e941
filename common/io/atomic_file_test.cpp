#include "common/io/atomic_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace {

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("write_file_atomically: replaces the file whole and leaves no temporary") {
  morgue::test::TempDir dir;
  const auto file = dir / "state.json";
  morgue::write_file_atomically(file, "one\n", "test file");
  CHECK(read(file) == "one\n");
  morgue::write_file_atomically(file, "two, longer\n", "test file");
  CHECK(read(file) == "two, longer\n");
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("write_file_atomically: a failure names the file and keeps the old contents") {
  morgue::test::TempDir dir;
  const auto file = dir / "missing-dir" / "state.json";
  try {
    morgue::write_file_atomically(file, "x", "alert state");
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("cannot write alert state") != std::string::npos);
    CHECK(std::string(e.what()).find("missing-dir") != std::string::npos);
  }
}

TEST_CASE("write_file_atomically: links planted beside the file are never written through") {
  morgue::test::TempDir dir;
  const auto victim = dir.write("victim", "precious\n");
  const auto file = dir / "metrics.prom";
  // The names an older writer used (FILE.PID) and a guess at a temporary's.
  std::filesystem::create_symlink(victim, dir / ("metrics.prom." + std::to_string(::getpid())));
  std::filesystem::create_symlink(victim, dir / ".metrics.prom.tmp");
  morgue::write_file_atomically(file, "new\n", "metrics file");
  CHECK(read(file) == "new\n");
  CHECK(read(victim) == "precious\n");
  CHECK(std::filesystem::is_symlink(dir / ".metrics.prom.tmp"));
  // The temporary's name is new each time and is not the file's name with a .prom ending
  // (node_exporter reads *.prom).
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    ++entries;
    CHECK((e.path().extension() != ".prom" || e.path() == file));
  }
  CHECK(entries == 4);
}
