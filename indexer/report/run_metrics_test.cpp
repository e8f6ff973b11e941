#include "indexer/report/run_metrics.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace morgue {

TEST_CASE("run metrics: every series with HELP and TYPE, no timestamps") {
  RunMetrics m;
  m.exit_code = 1;
  m.duration_seconds = 12.5;
  m.last_success_seconds = 1764800000;
  IndexStats s;
  s.added = 3;
  s.updated = 2;
  s.unchanged = 100;
  s.deleted = 1;
  s.rejected = 4;
  s.total = 104;
  m.stats = s;
  const std::string text = format_metrics(m);
  CHECK(text.find("morgue_index_last_success_timestamp_seconds 1764800000\n") != std::string::npos);
  CHECK(text.find("morgue_index_duration_seconds 12.5\n") != std::string::npos);
  CHECK(text.find("morgue_index_exit_code 1\n") != std::string::npos);
  CHECK(text.find("morgue_index_articles{outcome=\"added\"} 3\n") != std::string::npos);
  CHECK(text.find("morgue_index_articles{outcome=\"updated\"} 2\n") != std::string::npos);
  CHECK(text.find("morgue_index_articles{outcome=\"unchanged\"} 100\n") != std::string::npos);
  CHECK(text.find("morgue_index_articles{outcome=\"deleted\"} 1\n") != std::string::npos);
  CHECK(text.find("morgue_index_articles{outcome=\"rejected\"} 4\n") != std::string::npos);
  CHECK(text.find("morgue_index_documents 104\n") != std::string::npos);
  // Every sample line is "name[{labels}] value": two fields, so no timestamp.
  std::istringstream in(text);
  std::string line;
  int samples = 0;
  while (std::getline(in, line)) {
    if (line.starts_with("#")) continue;
    ++samples;
    std::istringstream fields(line);
    std::string name, value, extra;
    fields >> name >> value >> extra;
    CHECK_MESSAGE(extra.empty(), line);
  }
  CHECK(samples == 9);
  CHECK(previous_last_success(text) == 1764800000.0);
}

TEST_CASE("run metrics: a failed run keeps the last success and leaves out what it lacks") {
  RunMetrics m;
  m.exit_code = 75;
  m.last_success_seconds =
      previous_last_success("# HELP x\nmorgue_index_last_success_timestamp_seconds 42\n");
  const std::string text = format_metrics(m);
  CHECK(text.find("morgue_index_last_success_timestamp_seconds 42\n") != std::string::npos);
  CHECK(text.find("morgue_index_exit_code 75\n") != std::string::npos);
  CHECK(text.find("morgue_index_articles") == std::string::npos);
  CHECK_FALSE(previous_last_success("morgue_index_last_success_timestamp_seconds_x 1\n"));
  CHECK_FALSE(previous_last_success(""));
}

TEST_CASE("run metrics: the file is replaced whole, and a failure names it") {
  test::TempDir dir;
  const auto file = dir / "morgue.prom";
  write_metrics_file(file, "a 1\n");
  write_metrics_file(file, "b 2\n");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "b 2\n");
  int leftovers = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    leftovers += entry.path().filename() != "morgue.prom";
  }
  CHECK(leftovers == 0);
  CHECK_THROWS_WITH_AS(write_metrics_file(dir / "missing" / "m.prom", "x"),
                       doctest::Contains("missing/m.prom"), std::runtime_error);
}

}  // namespace morgue
