#include "common/io/atomic_file.h"

#include <doctest/doctest.h>

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
