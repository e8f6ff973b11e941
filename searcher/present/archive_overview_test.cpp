#include "searcher/present/archive_overview.h"

#include <doctest/doctest.h>

#include "common/index/index_db.h"
#include "indexer/index_builder.h"
#include "tests/support/temp_dir.h"

namespace {

std::size_t index_into(const morgue::test::TempDir& dir) {
  morgue::IndexOptions options;
  options.db = dir / "db";
  options.sources = {dir / "src"};
  morgue::Diagnostics diag(nullptr);
  return morgue::build_index(options, diag).added;
}

}  // namespace

TEST_CASE("the archive's overview: holdings, dates, the last run, its own last days") {
  morgue::test::TempDir dir;
  dir.write("src/a.txt", "Old story\n\nViktor Orbán spoke in Budapest about the budget.\n");
  dir.write("src/b.txt", "Recent story\n\nVladimir Putin spoke in Moscow about the war.\n");
  dir.write("src/manifest.jsonl",
            "{\"file\": \"a.txt\", \"published\": \"2022-01-02\"}\n"
            "{\"file\": \"b.txt\", \"published\": \"2022-03-10\"}\n");
  REQUIRE(index_into(dir) == 2);
  // The next night brings one more story: the last run's.
  dir.write("src/c.txt", "Newest story\n\nVladimir Putin met Viktor Orbán in Moscow on Friday.\n");
  dir.write("src/manifest.jsonl",
            "{\"file\": \"a.txt\", \"published\": \"2022-01-02\"}\n"
            "{\"file\": \"b.txt\", \"published\": \"2022-03-10\"}\n"
            "{\"file\": \"c.txt\", \"published\": \"2022-03-12\"}\n");
  REQUIRE(index_into(dir) == 1);
  Xapian::Database db = morgue::open_index_for_reading(dir / "db");
  const morgue::ArchiveOverview o = morgue::archive_overview(db);
  CHECK(o.articles == 3);
  CHECK(o.first->iso() == "2022-01-02");
  CHECK(o.last->iso() == "2022-03-12");
  CHECK(o.last_run == 2);
  REQUIRE(o.latest.size() == 1);
  CHECK(o.latest.front().id == "c.txt");
  CHECK(o.timeline.values.size() == 3);  // January to March, February empty
  // The last 7 days of the archive (not of today): March 6-12, Putin in two articles.
  CHECK(o.week.from->iso() == "2022-03-06");
  REQUIRE_FALSE(o.week.people.values.empty());
  CHECK(o.week.people.values.front().value == "Vladimir Putin");
  CHECK(o.week.people.values.front().count == 2);
  // The last 30 days reach back to February 11: not January's Orbán story.
  std::map<std::string, Xapian::doccount> month;
  for (const auto& v : o.month.people.values) month[v.value] = v.count;
  CHECK(month["Viktor Orbán"] == 1);
}
