// End-to-end search quality: wire-copy collapsing, name variants, did-you-mean and
// more-like-this, with the real binaries on tests/fixtures/quality (an AP story, two outlets'
// edited copies of it, a related story, and traps for stemming and scraping noise).
#include <doctest/doctest.h>

#include <map>

#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"

using morgue::test::hit_ids;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_bin;
using morgue::test::search_json;
using V = std::vector<std::string>;

namespace {

const std::string kCorpus = MORGUE_SOURCE_DIR "/tests/fixtures/quality";

struct Indexed {
  morgue::test::TempDir dir;
  std::string db = (dir / "db").string();
  Indexed() {
    const auto r = run({index_bin(), "--db", db, kCorpus});
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
};

// The id of every hit and of every copy listed under one, sorted.
V all_listed(const nlohmann::json& doc) {
  V ids = hit_ids(doc);
  for (const auto& h : doc.at("hits")) {
    for (const auto& c : h.at("similar_articles")) ids.push_back(c.at("id"));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("copies of a wire story fold into one hit listing the other outlets") {
  const Indexed f;
  const auto doc = search_json(f.db, {"Mykolaiv"});
  CHECK(doc.at("collapsed") == true);
  CHECK(doc.at("total") == 3);
  CHECK(doc.at("total_exact") == true);
  CHECK(doc.at("results") == 1);
  REQUIRE(doc.at("hits").size() == 1);
  const auto& hit = doc.at("hits")[0];
  CHECK(hit.at("similar") == 2);
  CHECK(hit.at("cluster") == "ap-mykolaiv");  // named after the first copy indexed
  CHECK(all_listed(doc) == V{"ap-mykolaiv", "cbc-mykolaiv", "usat-mykolaiv"});
  V outlets;
  for (const auto& c : hit.at("similar_articles")) outlets.push_back(c.at("outlet"));
  std::sort(outlets.begin(), outlets.end());
  CHECK(outlets.size() == 2);

  // --no-collapse shows every copy; the related NATO story is never folded in.
  const auto all = search_json(f.db, {"--no-collapse", "Mykolaiv OR NATO"});
  CHECK(all.at("collapsed") == false);
  CHECK(hit_ids(all) == V{"ap-mykolaiv", "cbc-mykolaiv", "reuters-nato", "usat-mykolaiv"});
  for (const auto& h : all.at("hits")) CHECK(h.at("similar") == 0);

  const auto text = run({search_bin(), "--db", f.db, "--color", "never", "Mykolaiv"});
  CHECK(text.out.find("3 articles match (1 after folding copies of the same story)") !=
        std::string::npos);
  CHECK(text.out.find("+ 2 similar (same story):") != std::string::npos);
}

TEST_CASE("facet counts stay per article under collapsing, and say so") {
  const Indexed f;
  const auto doc = search_json(f.db, {"--facets", "outlet", "Mykolaiv"});
  CHECK(doc.at("facet_unit") == "article");
  std::map<std::string, int> counts;
  for (const auto& v : doc.at("facets").at("outlet")) counts[v.at("value")] = v.at("count");
  CHECK(counts ==
        std::map<std::string, int>{{"Associated Press", 1}, {"CBC News", 1}, {"USA TODAY", 1}});
  const auto text =
      run({search_bin(), "--db", f.db, "--color", "never", "--facets", "outlet", "Mykolaiv"});
  CHECK(text.out.find("Facet counts are per article") != std::string::npos);
}

TEST_CASE("one spelling of a name finds the others, the exact one ranked first") {
  const Indexed f;
  for (const std::string q : {"Zelensky", "zelensky", "Zelenskyy", "ZELENSKIY"}) {
    CAPTURE(q);
    const auto doc = search_json(f.db, {"--no-collapse", q});
    CHECK(hit_ids(doc) == V{"ap-mykolaiv", "cbc-mykolaiv", "reuters-nato", "usat-mykolaiv"});
  }
  // ap-mykolaiv is the only article that says Zelenskyy, usat-mykolaiv the only Zelenskiy.
  CHECK(search_json(f.db, {"--no-collapse", "Zelenskyy"}).at("hits")[0].at("id") == "ap-mykolaiv");
  CHECK(search_json(f.db, {"--no-collapse", "zelenskiy"}).at("hits")[0].at("id") ==
        "usat-mykolaiv");
  const auto exact = search_json(f.db, {"--no-collapse", "Zelensky"});
  const V first_two{exact.at("hits")[0].at("id"), exact.at("hits")[1].at("id")};
  CHECK(std::is_permutation(first_two.begin(), first_two.end(),
                            V{"cbc-mykolaiv", "reuters-nato"}.begin()));
  // In a phrase too, and in lower case: the phrase holds whichever spelling each article has.
  for (const std::string q : {"\"President Volodymyr Zelenskyy\"", "\"volodymyr zelenskiy\""}) {
    CAPTURE(q);
    CHECK(hit_ids(search_json(f.db, {"--no-collapse", q})) ==
          V{"ap-mykolaiv", "cbc-mykolaiv", "reuters-nato", "usat-mykolaiv"});
  }
}

TEST_CASE("stemming never turns a name into another word") {
  const Indexed f;
  // "evans" stems to "evan": Chris Evans must not find Evan Gershkovich, whatever the case.
  for (const std::string q : {"evans", "Evans"}) {
    CAPTURE(q);
    CHECK(hit_ids(search_json(f.db, {q})) == V{"pa-evans"});
  }
  // Ordinary words still stem: "defences" finds "defence".
  CHECK(hit_ids(search_json(f.db, {"--no-collapse", "defences"})).size() == 4);
}

TEST_CASE("did-you-mean suggests words of the index, never scraping noise") {
  const Indexed f;
  // Spellings the variant rule joins are no typing errors: they find the name.
  CHECK(search_json(f.db, {"Zelenskky"}).at("total") == 4);
  CHECK(search_json(f.db, {"Mykolayiv"}).at("total") == 3);
  auto doc = search_json(f.db, {"Zelinsky"}, 1);
  CHECK(doc.at("suggestion") == "Zelensky");
  doc = search_json(f.db, {"Mykolaev", "shelled"}, 1);
  CHECK(doc.at("suggestion") == "Mykolaiv shelled");
  doc = search_json(f.db, {"Orbn OR Stoltenbreg"}, 1);
  CHECK(doc.at("suggestion") == "Orban OR Stoltenberg");
  // "PressRussian" is a glued scraping artefact: it is searchable, never suggested.
  CHECK(search_json(f.db, {"PressRussian"}).at("total") == 1);
  CHECK(search_json(f.db, {"Pressrushian"}, 1).at("suggestion").is_null());
  // Nothing to correct: found, or a phrase / field value.
  CHECK(search_json(f.db, {"Mykolaiv"}).at("suggestion").is_null());
  CHECK(search_json(f.db, {"\"Zelinsky said\""}, 1).at("suggestion").is_null());
  const auto text = run({search_bin(), "--db", f.db, "--color", "never", "Zelinsky"});
  CHECK(text.status == 1);
  CHECK(text.out.find("Did you mean: Zelensky ?") != std::string::npos);
}

TEST_CASE("--like finds related articles, not the article's own copies") {
  const Indexed f;
  const auto doc = search_json(f.db, {"--like", "ap-mykolaiv"});
  CHECK(doc.at("like") == "ap-mykolaiv");
  const V ids = all_listed(doc);
  CHECK(std::find(ids.begin(), ids.end(), "ap-mykolaiv") == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "cbc-mykolaiv") == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "usat-mykolaiv") == ids.end());
  REQUIRE_FALSE(doc.at("hits").empty());
  CHECK(doc.at("hits")[0].at("id") == "reuters-nato");  // the other Ukraine air-defence story
  // A query narrows it; an unknown id is an error.
  CHECK(hit_ids(search_json(f.db, {"--like", "ap-mykolaiv", "Orban"})) == V{"reuters-nato"});
  const auto missing = run({search_bin(), "--db", f.db, "--like", "no-such-id"});
  CHECK(missing.status == 2);
  CHECK(missing.err.find("--like: no article with id \"no-such-id\"") != std::string::npos);
}

TEST_CASE("an edited copy indexed later joins the cluster; re-indexing keeps it") {
  const Indexed f;
  morgue::test::TempDir more;
  const auto copy = more.write(
      "late.jsonl",
      R"({"id": "late-copy", "outlet": "Kyiv Post", "title": "Mykolaiv under fire", "body": )"
      R"("Russian forces shelled the southern port city of Mykolaiv overnight, regional officials )"
      R"(said on Tuesday, as residents lined up for water and bread outside the few shops still )"
      R"(open. Governor Vitaliy Kim said three people were killed and a dozen wounded, among them )"
      R"(two children, and that rescue crews were still searching the rubble of a school hit )"
      R"(shortly after midnight."})"
      "\n");
  REQUIRE(run({index_bin(), "--db", f.db, copy.string()}).status == 0);
  const auto doc = search_json(f.db, {"Mykolaiv"});
  CHECK(doc.at("results") == 1);
  CHECK(all_listed(doc) == V{"ap-mykolaiv", "cbc-mykolaiv", "late-copy", "usat-mykolaiv"});
  REQUIRE(run({index_bin(), "--db", f.db, kCorpus}).status == 0);
  CHECK(search_json(f.db, {"Mykolaiv"}).at("results") == 1);
}

TEST_CASE(
    "a wire dateline files its place and state, never organizations (issue #32: ST 117, ILL 99)") {
  morgue::test::TempDir dir;
  const auto feed = dir.write(
      "wire.jsonl",
      R"({"id": "d1", "body": "NORTHBROOK, ILL., March 25 - Allstate Corp said its first )"
      R"(quarter profit rose on lower storm claims."})"
      "\n"
      R"({"id": "d2", "body": "ST. LOUIS, Mo., March 26 - Monsanto Co said it would buy back )"
      R"(shares."})"
      "\n"
      R"({"id": "d3", "body": "DETROIT, MICH., March 26 - General Motors Corp said car sales )"
      R"(fell in mid-March."})"
      "\n");
  const std::string db = (dir / "db").string();
  REQUIRE(run({index_bin(), "--db", db, "--quiet", feed.string()}).status == 0);
  const auto doc = search_json(db, {"--facets", "org:50,place:50", "--limit", "0", ""});
  V orgs, places;
  for (const auto& v : doc.at("facets").at("org")) orgs.push_back(v.at("value"));
  for (const auto& v : doc.at("facets").at("place")) places.push_back(v.at("value"));
  std::sort(orgs.begin(), orgs.end());
  std::sort(places.begin(), places.end());
  CHECK(orgs == V{"Allstate Corp", "General Motors Corp", "Monsanto Co"});
  for (const char* place : {"Northbrook", "Illinois", "St. Louis", "Missouri", "Detroit",
                            "Michigan", "United States"}) {
    CAPTURE(place);
    CHECK(std::find(places.begin(), places.end(), place) != places.end());
  }
  // Each place filters back to its article.
  CHECK(hit_ids(search_json(db, {"place:Northbrook"})) == V{"d1"});
  CHECK(hit_ids(search_json(db, {"place:Missouri"})) == V{"d2"});
}

TEST_CASE(
    "a short word is no place by a spelling variant (issue #32: Bon Appetit filed under Bonn)") {
  morgue::test::TempDir dir;
  const auto feed = dir.write(
      "news.jsonl",
      R"({"id": "b1", "body": "Keppel chairman Sim Kee Boon said the shipyard would expand."})"
      "\n"
      R"({"id": "b2", "body": "The recipe first ran in Bon Appetit magazine last spring."})"
      "\n"
      R"({"id": "b3", "body": "Finance ministers met in Bonn on Friday to discuss rates."})"
      "\n");
  const std::string db = (dir / "db").string();
  REQUIRE(run({index_bin(), "--db", db, "--quiet", feed.string()}).status == 0);
  CHECK(hit_ids(search_json(db, {"place:Bonn"})) == V{"b3"});
}

TEST_CASE("entities as the trial on BBC News found them missing (issue #32)") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  const auto indexed = run({index_bin(), "--db", db, MORGUE_SOURCE_DIR "/tests/fixtures/entities"});
  REQUIRE(indexed.status == 0);
  const auto doc = search_json(db, {"--limit", "0", "--facets", "person,place,org", ""});
  const auto values = [&](const char* kind) {
    std::map<std::string, int> out;
    for (const auto& v : doc.at("facets").at(kind)) out[v.at("value")] = v.at("count");
    return out;
  };
  const auto people = values("person"), places = values("place");
  // People introduced by their party or club, not a title.
  CHECK(people.contains("Michael Howard"));
  CHECK(people.contains("Charles Kennedy"));
  CHECK(people.contains("Arsene Wenger"));
  // A prince is not the singer who shares his name: each is one article's.
  CHECK(people.contains("Prince Charles"));
  REQUIRE(people.contains("Ray Charles"));
  CHECK(people.at("Ray Charles") == 1);
  CHECK(search_json(db, {"--limit", "0", "person:\"Ray Charles\""}).at("total") == 1);
  // UK nations' cities, one mention each, and a city in a headline in capitals.
  for (const char* city : {"Edinburgh", "Cardiff", "Belfast", "Manchester", "Hollywood"}) {
    CAPTURE(city);
    CHECK(places.contains(city));
  }
  CHECK(places.contains("Glasgow"));
  CHECK_FALSE(values("org").contains("Liberal Democrat Charles Kennedy"));
  // One body however its name is spelled on either side of the Atlantic, shown as the archive
  // spells it most (three mentions against one), not as the gazetteer does.
  const auto orgs = values("org");
  CHECK_FALSE(orgs.contains("World Trade Organization"));
  REQUIRE(orgs.contains("World Trade Organisation"));
  CHECK(orgs.at("World Trade Organisation") == 2);
}

TEST_CASE("a surname is found with or without the article joined to it (Jadaan, al-Jadaan)") {
  morgue::test::TempDir dir;
  const auto feed = dir.write(
      "news.jsonl",
      R"({"id": "j1", "body": "Saudi Finance Minister Mohammed al-Jadaan said the kingdom )"
      R"(would cut spending. Jadaan told reporters the deficit would narrow."})"
      "\n"
      R"({"id": "j2", "body": "Finance Minister Jadaan said oil revenue rose in May."})"
      "\n"
      R"({"id": "j3", "body": "Finance Minister al-Jadaan met bankers in Riyadh on Monday."})"
      "\n");
  const std::string db = (dir / "db").string();
  REQUIRE(run({index_bin(), "--db", db, "--quiet", feed.string()}).status == 0);
  const auto doc = search_json(db, {"--limit", "0", "--facets", "person", ""});
  std::map<std::string, int> people;
  for (const auto& v : doc.at("facets").at("person")) people[v.at("value")] = v.at("count");
  CHECK(people == std::map<std::string, int>{{"Mohammed al-Jadaan", 3}});
  for (const std::string filter :
       {"person:Jadaan", "person:al-Jadaan", "person:\"Mohammed al-Jadaan\""}) {
    CAPTURE(filter);
    const auto hits = search_json(db, {filter});
    V ids = hit_ids(hits);
    std::sort(ids.begin(), ids.end());
    CHECK(ids == V{"j1", "j2", "j3"});
  }
}

TEST_CASE(
    "a bare surname is someone known in full only where the archive's context says so "
    "(issue #32: Prince Charles stories filed under Ray Charles)") {
  morgue::test::TempDir dir;
  const auto feed = dir.write(
      "news.jsonl",
      // One Charles in full, and a "Mr. Charles" with nothing in common with him.
      R"({"id": "c1", "body": "Ray Charles sang at the Apollo Theater in New York on Friday."})"
      "\n"
      R"({"id": "c2", "body": "Mr. Charles, a teacher at a school in Leeds, said the budget )"
      R"(was too small."})"
      "\n"
      // A body named beside both.
      R"({"id": "s1", "body": "NATO Secretary General Jens Stoltenberg spoke to reporters in )"
      R"(Brussels on Monday."})"
      "\n"
      R"({"id": "s2", "body": "Stoltenberg said NATO would send more troops to the east."})"
      "\n"
      // A title both follow.
      R"({"id": "b1", "body": "Secretary of State James Baker met Soviet officials."})"
      "\n"
      R"({"id": "b2", "body": "Secretary Baker flew home on Friday."})"
      "\n");
  const std::string db = (dir / "db").string();
  REQUIRE(run({index_bin(), "--db", db, "--quiet", feed.string()}).status == 0);
  const auto ids = [&](const std::string& query) {
    V out = hit_ids(search_json(db, {query}));
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(ids("person:\"Ray Charles\"") == V{"c1"});
  CHECK(ids("person:Charles") == V{"c1", "c2"});  // a surname alone: everyone by it
  CHECK(ids("person:\"Jens Stoltenberg\"") == V{"s1", "s2"});
  CHECK(ids("person:\"James Baker\"") == V{"b1", "b2"});
  const auto doc = search_json(db, {"--limit", "0", "--facets", "person", ""});
  std::map<std::string, int> people;
  for (const auto& v : doc.at("facets").at("person")) people[v.at("value")] = v.at("count");
  CHECK(people ==
        std::map<std::string, int>{
            {"Charles", 1}, {"James Baker", 2}, {"Jens Stoltenberg", 2}, {"Ray Charles", 1}});
}
