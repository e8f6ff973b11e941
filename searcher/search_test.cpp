#include "searcher/search.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/index_db.h"
#include "indexer/index_builder.h"
#include "tests/support/temp_dir.h"

namespace {

// A small index: built once per test through the real indexing pipeline.
struct SmallIndex {
  morgue::test::TempDir dir;
  SmallIndex() {
    dir.write("src/a.txt",
              "Orbán meets Putin in Moscow\n\nViktor Orbán and Vladimir Putin "
              "spoke about the indivisibility of security.\n");
    dir.write("src/b.txt",
              "Lavrov calls Blinken\n\nRussia’s fundamental concerns were "
              "ignored, Sergei Lavrov said.\n");
    dir.write("src/c.txt",
              "Zelensky expands army\n\nUkraine will grow its army, President "
              "Zelensky said on Tuesday in Kyiv.\n");
    dir.write("src/manifest.jsonl",
              "{\"file\": \"a.txt\", \"outlet\": \"USA TODAY\", \"published\": \"2022-02-01\"}\n"
              "{\"file\": \"b.txt\", \"outlet\": \"CBC News\", \"published\": \"2022-02-03\"}\n"
              "{\"file\": \"c.txt\", \"published\": \"2022-01-15\"}\n");
    morgue::IndexOptions options;
    options.db = dir / "db";
    options.sources = {dir / "src"};
    morgue::Diagnostics diag(nullptr);
    const auto stats = morgue::build_index(options, diag);
    REQUIRE(stats.added == 3);
  }
  std::vector<std::string> ids(std::string query, bool any = false,
                               morgue::SortOrder sort = morgue::SortOrder::kRelevance) {
    morgue::SearchOptions o;
    o.db = dir / "db";
    o.query = std::move(query);
    o.match_any = any;
    o.sort = sort;
    std::vector<std::string> out;
    for (const auto& h : morgue::search(o).hits) out.push_back(h.id);
    return out;
  }
  std::vector<std::string> sorted_ids(std::string query, bool any = false) {
    auto v = ids(std::move(query), any);
    std::sort(v.begin(), v.end());
    return v;
  }
};

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("query language over a small index") {
  SmallIndex idx;
  CHECK(idx.ids("orban") == V{"a.txt"});
  CHECK(idx.ids("ORBÁN") == V{"a.txt"});
  CHECK(idx.ids("\"indivisibility of security\"") == V{"a.txt"});
  CHECK(idx.ids("“indivisibility of security”") == V{"a.txt"});
  CHECK(idx.ids("\"security of indivisibility\"").empty());
  CHECK(idx.ids("Russia’s fundamental concerns") == idx.ids("Russia's fundamental concerns"));
  CHECK(idx.ids("Russia's fundamental concerns") == V{"b.txt"});
  CHECK(idx.ids("ignore") == V{"b.txt"});                              // stemming
  CHECK(idx.ids("putin lavrov").empty());                              // AND by default
  CHECK(idx.sorted_ids("putin lavrov", true) == V{"a.txt", "b.txt"});  // --any
  CHECK(idx.sorted_ids("putin OR lavrov") == V{"a.txt", "b.txt"});
  CHECK(idx.ids("said NOT lavrov") == V{"c.txt"});
  CHECK(idx.ids("said -lavrov") == V{"c.txt"});
  CHECK(idx.ids("zelensky NEAR kyiv") == V{"c.txt"});
  CHECK(idx.ids("zelen*") == V{"c.txt"});
  CHECK(idx.ids("title:moscow") == V{"a.txt"});
  CHECK(idx.ids("title:ukraine").empty());  // "Ukraine" is only in c's body
  CHECK(idx.sorted_ids("") == V{"a.txt", "b.txt", "c.txt"});
  CHECK(idx.ids("", false, morgue::SortOrder::kDate) == V{"b.txt", "a.txt", "c.txt"});
}

TEST_CASE("hits carry metadata and highlighted snippets") {
  SmallIndex idx;
  morgue::SearchOptions o;
  o.db = idx.dir / "db";
  o.query = "orban";
  const auto r = morgue::search(o);
  CHECK(r.total == 1);
  CHECK(r.total_exact);
  REQUIRE(r.hits.size() == 1);
  const auto& h = r.hits[0];
  CHECK(h.rank == 1);
  CHECK(h.title == "Orbán meets Putin in Moscow");
  CHECK(h.outlet == "USA TODAY");
  CHECK(h.published == "2022-02-01");
  CHECK(h.score > 0);
  REQUIRE(h.snippet.highlights.size() == 1);
  const auto [b, e] = h.snippet.highlights[0];
  CHECK(h.snippet.text.substr(b, e - b) == "Orbán");
}

TEST_CASE("paging: offset and limit") {
  SmallIndex idx;
  morgue::SearchOptions o;
  o.db = idx.dir / "db";
  o.query = "";
  o.limit = 2;
  o.offset = 2;
  const auto r = morgue::search(o);
  CHECK(r.total == 3);
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].rank == 3);
}

TEST_CASE("a missing index and an over-broad wildcard are clear errors") {
  SmallIndex idx;
  morgue::SearchOptions o;
  o.db = idx.dir / "nowhere";
  o.query = "x";
  CHECK_THROWS_WITH_AS((void)morgue::search(o), doctest::Contains("no index at"),
                       morgue::IndexUnavailable);
  o.db = idx.dir / "db";
  o.query = "s*";
  o.max_wildcard_terms = 2;
  CHECK_THROWS_AS((void)morgue::search(o), morgue::QueryError);
}
