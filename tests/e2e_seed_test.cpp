// End-to-end on the real seed corpus (../shared/corpus/seeds): what a user searching the
// archive must get. e2e_main.cpp skips this binary when the corpus is absent.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>

#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"

using morgue::test::ids_for;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_json;
using V = std::vector<std::string>;

extern "C" bool morgue_e2e_needs_seeds() { return true; }

namespace {

std::string seeds_dir() {
  const char* shared = std::getenv("MORGUE_SHARED_DIR");
  return std::string(shared ? shared : MORGUE_SOURCE_DIR "/../shared") + "/corpus/seeds";
}

const V kAll{"000_98d3b1a8950c3741.txt", "001_2b1bca2fa04a20e4.txt", "002_d5be253667c6d7c4.txt",
             "003_64ce14edc3ca31c8.txt", "004_92e499107f6a6fa9.txt"};

struct SeedIndex {
  morgue::test::TempDir dir;
  std::string db = (dir / "db").string();
  morgue::test::RunResult result = run({index_bin(), "--db", db, seeds_dir()});
};

SeedIndex& seed_index() {
  static SeedIndex index;
  return index;
}

}  // namespace

TEST_CASE("the seed corpus indexes cleanly") {
  const auto& r = seed_index().result;
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.err.find("indexed 5 (5 added, 0 updated), 0 unchanged, 0 deleted, 0 rejected inputs "
                   "skipped, 0 errors, 0 warnings") != std::string::npos);
  CHECK(r.err.find("1 non-article files ignored") != std::string::npos);  // README.md
}

TEST_CASE("Orban and Orbán each find all five articles") {
  const std::string& db = seed_index().db;
  CHECK(ids_for(db, "Orban") == kAll);
  CHECK(ids_for(db, "Orbán") == kAll);
  CHECK(ids_for(db, "orbán") == kAll);
}

TEST_CASE("\"indivisibility of security\" finds exactly 000 and 004") {
  const std::string& db = seed_index().db;
  CHECK(ids_for(db, "\"indivisibility of security\"") ==
        V{"000_98d3b1a8950c3741.txt", "004_92e499107f6a6fa9.txt"});
  CHECK(ids_for(db, "“indivisibility of security”") ==
        V{"000_98d3b1a8950c3741.txt", "004_92e499107f6a6fa9.txt"});
}

TEST_CASE("curly and straight apostrophes give the same hits") {
  const std::string& db = seed_index().db;
  const V curly = ids_for(db, "Russia’s fundamental concerns");
  CHECK_FALSE(curly.empty());
  CHECK(curly == ids_for(db, "Russia's fundamental concerns"));
  // Ranked order too, not only the set.
  const auto a = search_json(db, {"Russia’s fundamental concerns"});
  const auto b = search_json(db, {"Russia's fundamental concerns"});
  CHECK(a.at("hits") == b.at("hits"));
}

TEST_CASE("title:ignored finds the three whose headline says so") {
  const std::string& db = seed_index().db;
  CHECK(ids_for(db, "title:ignored") ==
        V{"000_98d3b1a8950c3741.txt", "003_64ce14edc3ca31c8.txt", "004_92e499107f6a6fa9.txt"});
}

TEST_CASE("headline-less articles 001 and 002 get no body sentence as title") {
  const std::string& db = seed_index().db;
  const auto doc = search_json(db, {"--limit", "10", ""});
  int untitled = 0;
  for (const auto& h : doc.at("hits")) {
    const std::string id = h.at("id");
    const bool headless = id.starts_with("001") || id.starts_with("002");
    CHECK_MESSAGE(h.at("title").is_null() == headless, id);
    untitled += h.at("title").is_null();
  }
  CHECK(untitled == 2);
}

TEST_CASE("manifest metadata: outlets and dates as given, unknown where missing") {
  const std::string& db = seed_index().db;
  const auto doc = search_json(db, {"--limit", "10", ""});
  std::map<std::string, std::pair<nlohmann::json, nlohmann::json>> meta;
  for (const auto& h : doc.at("hits")) meta[h.at("id")] = {h.at("outlet"), h.at("published")};
  CHECK(meta["000_98d3b1a8950c3741.txt"].first == "USA TODAY");
  CHECK(meta["001_2b1bca2fa04a20e4.txt"].first.is_null());
  CHECK(meta["001_2b1bca2fa04a20e4.txt"].second.is_null());
  CHECK(meta["002_d5be253667c6d7c4.txt"].first.is_null());
  CHECK(meta["002_d5be253667c6d7c4.txt"].second == "2022-02-01");
  CHECK(meta["004_92e499107f6a6fa9.txt"].first == "CBC News");
  CHECK(meta["004_92e499107f6a6fa9.txt"].second == "2022-02-01");
}

TEST_CASE("page chrome is not indexed; the sentences around it are") {
  const std::string& db = seed_index().db;
  CHECK(ids_for(db, "credentials").empty());            // 002's login prompt
  CHECK(ids_for(db, "asap").empty());                   // 002's contact prompt
  CHECK(ids_for(db, "\"view larger image\"").empty());  // 001
  CHECK(ids_for(db, "Trudeau").empty());                // 004's bulleted related link
  CHECK(ids_for(db, "\"openly taunted\"") == V{"004_92e499107f6a6fa9.txt"});  // video card text
  CHECK(ids_for(db, "Grushko") ==
        V{"000_98d3b1a8950c3741.txt", "001_2b1bca2fa04a20e4.txt"});  // 001's photo caption stays
}

namespace {

// value -> count of one facet in a --json --facets answer.
std::map<std::string, int> facet(const nlohmann::json& doc, const std::string& name) {
  std::map<std::string, int> out;
  for (const auto& v : doc.at("facets").at(name)) out[v.at("value")] = v.at("count");
  return out;
}

}  // namespace

TEST_CASE("whole-corpus facets: each person is one entity, with exact article counts") {
  const std::string& db = seed_index().db;
  const auto doc = search_json(db, {"--limit", "0", "--facets", "person:50,outlet,date", ""});
  const auto people = facet(doc, "person");
  CHECK(people.at("Viktor Orbán") == 5);
  CHECK(people.at("Sergey Lavrov") == 5);
  CHECK(people.at("Volodymyr Zelenskyy") == 3);
  CHECK(people.at("Vladimir Putin") == 5);
  CHECK(people.at("Ned Price") == 4);
  for (const auto& [name, count] : people) {
    CAPTURE(name);
    // No second entry for any spelling variant of the three.
    CHECK(name.find("Orban") == std::string::npos);
    CHECK(name.find("Victor") == std::string::npos);
    CHECK(name.find("Sergei") == std::string::npos);
    CHECK((name.find("Zelensk") == std::string::npos || name == "Volodymyr Zelenskyy"));
  }
  CHECK(facet(doc, "outlet") ==
        std::map<std::string, int>{
            {"USA TODAY", 1}, {"The Epoch Times", 1}, {"CBC News", 1}, {"unknown", 2}});
  CHECK(facet(doc, "date") == std::map<std::string, int>{{"2022-02-01", 4}, {"undated", 1}});
  CHECK(doc.at("facets").at("outlet").back().at("missing") == true);
}

TEST_CASE("filters by any spelling of a name return the same articles") {
  const std::string& db = seed_index().db;
  for (const char* q : {"person:Orban", "person:Orbán", "person:\"Victor Orban\"",
                        "person:\"viktor orbán\"", "entity:Orban"}) {
    CAPTURE(q);
    CHECK(ids_for(db, q) == kAll);
  }
  const V zelenskyy{"000_98d3b1a8950c3741.txt", "003_64ce14edc3ca31c8.txt",
                    "004_92e499107f6a6fa9.txt"};
  for (const char* q : {"person:Zelenskyy", "person:Zelensky", "person:\"Volodymyr Zelensky\"",
                        "person:\"Volodymyr Zelenskiy\""}) {
    CAPTURE(q);
    CHECK(ids_for(db, q) == zelenskyy);
  }
  CHECK(ids_for(db, "person:\"Sergei Lavrov\"") == kAll);
  CHECK(ids_for(db, "person:\"Sergey Lavrov\"") == kAll);
}

TEST_CASE("outlet and date filters, and who is mentioned alongside whom") {
  const std::string& db = seed_index().db;
  CHECK(ids_for(db, "outlet:\"cbc news\"") == V{"004_92e499107f6a6fa9.txt"});
  CHECK(ids_for(db, "date:2022-02-01").size() == 4);
  CHECK(ids_for(db, "date:2022-02-02..").empty());
  const auto doc = search_json(db, {"--limit", "0", "--facets", "person:3", "person:Peskov"});
  CHECK(doc.at("total") == 2);
  CHECK(facet(doc, "person").at("Dmitry Peskov") == 2);
}

TEST_CASE("search quality on the seeds: name spellings, did-you-mean, no false copies") {
  const std::string& db = seed_index().db;
  // 000 only ever says "Zelenskyy", 003 and 004 "Zelensky": each spelling finds all three,
  // the spelling asked for first.
  const V zelenskyy{"000_98d3b1a8950c3741.txt", "003_64ce14edc3ca31c8.txt",
                    "004_92e499107f6a6fa9.txt"};
  CHECK(ids_for(db, "Zelensky") == zelenskyy);
  CHECK(ids_for(db, "zelenskyy") == zelenskyy);
  CHECK(search_json(db, {"Zelenskyy"}).at("hits")[0].at("id") == "000_98d3b1a8950c3741.txt");
  CHECK(search_json(db, {"Zelensky"}).at("hits")[2].at("id") == "000_98d3b1a8950c3741.txt");
  CHECK(search_json(db, {"Orbn"}, 1).at("suggestion") == "Orban");
  // A doubled letter is a spelling the variant rule joins; another letter a typing error.
  CHECK(ids_for(db, "Zelenskky") == zelenskyy);
  CHECK(search_json(db, {"Zelinsky"}, 1).at("suggestion") == "Zelensky");
  // The seed's scraping noise ("VideoTrudeau", "PressRussian", "agoDuration") is never offered.
  for (const char* q : {"Videotrudeau", "pressrusian", "agoduraton"}) {
    CAPTURE(q);
    CHECK(search_json(db, {q}, 1).at("suggestion").is_null());
  }
  // Five outlets' own articles on one event: related, not copies.
  const auto all = search_json(db, {""});
  CHECK(all.at("results") == 5);
  for (const auto& h : all.at("hits")) CHECK(h.at("similar") == 0);
  const auto like = search_json(db, {"--like", "000_98d3b1a8950c3741.txt"});
  CHECK(like.at("hits").size() == 4);
}
