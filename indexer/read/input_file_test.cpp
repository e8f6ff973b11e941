#include "indexer/read/input_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

using morgue::InputFile;
using morgue::LineReader;
using morgue::LineStatus;

namespace {

std::vector<std::pair<LineStatus, std::string>> all_lines(const std::filesystem::path& file,
                                                          bool gzipped, std::size_t cap) {
  std::string why;
  auto input = InputFile::open(file, why);
  REQUIRE(input);
  LineReader reader(std::move(*input), gzipped, cap);
  std::vector<std::pair<LineStatus, std::string>> out;
  std::string line;
  for (LineStatus s; (s = reader.next(line)) != LineStatus::kEnd;) out.emplace_back(s, line);
  return out;
}

void write_gzip(const std::filesystem::path& file, const std::string& text) {
  gzFile gz = gzopen(file.c_str(), "wb");
  REQUIRE(gz != nullptr);
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
}

}  // namespace

TEST_CASE("only regular files open, and a FIFO does not block") {
  morgue::test::TempDir dir;
  std::string why;
  CHECK(InputFile::open(dir.write("a.txt", "text\n"), why));
  const auto fifo = dir / "feed.jsonl";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(InputFile::open(fifo, why));  // returns at once: no writer needed
  CHECK(why == "is a FIFO, not a regular file");
  CHECK_FALSE(InputFile::open("/dev/zero", why));
  CHECK(why == "is a character device, not a regular file");
  CHECK_FALSE(InputFile::open(dir.path(), why));
  CHECK(why == "is a directory, not a regular file");
  CHECK_FALSE(InputFile::open(dir / "missing", why));
  CHECK(why == "cannot read: No such file or directory");
}

TEST_CASE("read_all reads at most what it is asked") {
  morgue::test::TempDir dir;
  std::string why;
  auto input = InputFile::open(dir.write("a.txt", "0123456789"), why);
  REQUIRE(input);
  CHECK(input->size() == 10);
  CHECK(input->read_all(4) == "0123");
  auto again = InputFile::open(dir / "a.txt", why);
  CHECK(again->read_all(100) == "0123456789");
}

TEST_CASE("lines: the last one without a newline, blank ones, CRLF kept for the caller") {
  morgue::test::TempDir dir;
  const auto lines = all_lines(dir.write("a", "one\n\ntwo\r\nthree"), false, 100);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].second == "one");
  CHECK(lines[1].second == "");
  CHECK(lines[2].second == "two\r");
  CHECK(lines[3].second == "three");
  for (const auto& l : lines) CHECK(l.first == LineStatus::kLine);
}

TEST_CASE("a line over the cap is reported once, skipped to its end, and reading goes on") {
  morgue::test::TempDir dir;
  // Longer than the reader's chunk, so the cut crosses refills.
  const std::string huge(200'000, 'x');
  const auto lines = all_lines(dir.write("a", "short\n" + huge + "\n12345\nlast\n"), false, 5);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == std::pair{LineStatus::kLine, std::string("short")});
  CHECK(lines[1] == std::pair{LineStatus::kTooLong, std::string("xxxxx")});
  CHECK(lines[2] == std::pair{LineStatus::kLine, std::string("12345")});  // exactly the cap
  CHECK(lines[3] == std::pair{LineStatus::kLine, std::string("last")});
  // With no newline at all (a device copied to a file), memory stays at the cap.
  const auto endless = all_lines(dir.write("b", std::string(300'000, '\0')), false, 16);
  REQUIRE(endless.size() == 1);
  CHECK(endless[0].first == LineStatus::kTooLong);
  CHECK(endless[0].second.size() == 16);
}

TEST_CASE("gzip: read like plain text; a bomb stays within the cap; a cut stream throws") {
  morgue::test::TempDir dir;
  write_gzip(dir / "a.gz", "one\ntwo\n");
  const auto lines = all_lines(dir / "a.gz", true, 100);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].second == "two");

  write_gzip(dir / "bomb.gz", std::string(50'000'000, '{'));
  const auto bomb = all_lines(dir / "bomb.gz", true, 1000);
  REQUIRE(bomb.size() == 1);
  CHECK(bomb[0].first == LineStatus::kTooLong);

  // Half of a compressed stream: the reader must not take its end for the file's.
  std::string whole;
  for (int i = 0; i < 20000; ++i) whole += "{\"id\": \"" + std::to_string(i * 7919) + "\"}\n";
  write_gzip(dir / "whole.gz", whole);
  std::string why;
  auto input = InputFile::open(dir / "whole.gz", why);
  const std::string bytes = input->read_all(1 << 30);
  dir.write("cut.gz", bytes.substr(0, bytes.size() / 2));
  CHECK_THROWS_AS(all_lines(dir / "cut.gz", true, 100), morgue::InputReadError);
}
