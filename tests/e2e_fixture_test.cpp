// End-to-end: the real morgue-index and morgue-search on tests/fixtures/corpus.
#include <doctest/doctest.h>
#include <xapian.h>

#include <fstream>
#include <map>

#include "common/index/schema.h"
#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"

using morgue::test::hit_ids;
using morgue::test::ids_for;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_bin;
using morgue::test::search_json;
using V = std::vector<std::string>;

namespace {

const std::string kCorpus = MORGUE_SOURCE_DIR "/tests/fixtures/corpus";

struct IndexedFixture {
  morgue::test::TempDir dir;
  std::string db = (dir / "db").string();
  morgue::test::RunResult first = run({index_bin(), "--db", db, kCorpus});
};

}  // namespace

TEST_CASE("indexing the fixture corpus reports every problem and indexes every good article") {
  IndexedFixture f;
  INFO(f.first.err);
  CHECK(f.first.status == 1);  // finished, some inputs rejected
  CHECK(f.first.out.empty());
  const std::string& err = f.first.err;
  CHECK(err.find(kCorpus + "/wire/empty.txt: error: empty file; skipped") != std::string::npos);
  CHECK(err.find(kCorpus + "/wire/bad-bytes.txt: warning: invalid UTF-8 at byte offset 82 (2 "
                           "sequence(s) replaced with U+FFFD)") != std::string::npos);
  CHECK(err.find(kCorpus + "/feed.jsonl:3: error: \"body\" must be a string; record skipped") !=
        std::string::npos);
  CHECK(err.find("morgue-index: indexed 8 (8 added, 0 updated), 0 unchanged, 0 deleted, "
                 "2 rejected inputs skipped, 2 errors, 1 warnings") != std::string::npos);
  CHECK(err.find("index holds 8 articles; 1 outlets taken from URLs") != std::string::npos);
}

TEST_CASE("re-running never duplicates and rewrites nothing unchanged") {
  IndexedFixture f;
  const auto second = run({index_bin(), "--db", f.db, kCorpus});
  INFO(second.err);
  CHECK(second.status == 1);
  CHECK(second.err.find("indexed 0 (0 added, 0 updated), 8 unchanged") != std::string::npos);
  CHECK(second.err.find("index holds 8 articles") != std::string::npos);
  CHECK(ids_for(f.db, "").size() == 8);
  const auto quiet = run({index_bin(), "--db", f.db, "--quiet", kCorpus + "/orban-visit.txt"});
  CHECK(quiet.status == 0);
  CHECK(quiet.err.empty());
}

TEST_CASE("searches: accents, case, curly quotes, phrases, fields, operators") {
  IndexedFixture f;
  CHECK(ids_for(f.db, "Orban") == V{"orban-visit.txt"});
  CHECK(ids_for(f.db, "ORBÁN") == V{"orban-visit.txt"});
  CHECK(ids_for(f.db, "“indivisibility of security”") == V{"curly-quotes.txt"});
  CHECK(ids_for(f.db, "\"indivisibility of security\"") == V{"curly-quotes.txt"});
  CHECK(ids_for(f.db, "Russia’s fundamental concerns") == V{"curly-quotes.txt"});
  CHECK(ids_for(f.db, "Russia's fundamental concerns") == V{"curly-quotes.txt"});
  CHECK(ids_for(f.db, "lavrov") == V{"curly-quotes.txt", "feed-1"});
  CHECK(ids_for(f.db, "lavrov -blinken") == V{"curly-quotes.txt"});
  CHECK(ids_for(f.db, "zelenskyy OR zelensky") == V{"feed-2", "no-headline.txt"});
  CHECK(ids_for(f.db, "title:kyiv") == V{"feed-2"});
  CHECK(ids_for(f.db, "kyiv") == V{"feed-2"});
  CHECK(ids_for(f.db, "forint") == V{"wire/bad-bytes.txt"});
  CHECK(ids_for(f.db, "cafe") == V{"wire/bad-bytes.txt"});
  CHECK(ids_for(f.db, "peskov NEAR confusion") == V{"feed-4"});
  CHECK(ids_for(f.db, "secur*") == V{"curly-quotes.txt"});
  CHECK(ids_for(f.db, "secre*") == V{"feed-1"});
  // Page chrome is not indexed, real text around it is.
  CHECK(ids_for(f.db, "credentials").empty());
  CHECK(ids_for(f.db, "\"view larger image\"").empty());
  CHECK(ids_for(f.db, "donetsk").empty());  // a related-story link in no-headline.txt
  CHECK(ids_for(f.db, "decree") == V{"no-headline.txt"});
}

TEST_CASE("JSON hits: metadata, null title for a headline-less article, highlights") {
  IndexedFixture f;
  auto doc = search_json(f.db, {"Orban"});
  CHECK(doc.at("query") == "Orban");
  CHECK(doc.at("total") == 1);
  REQUIRE(doc.at("hits").size() == 1);
  const auto& hit = doc.at("hits")[0];
  CHECK(hit.at("id") == "orban-visit.txt");
  CHECK(hit.at("title") == "Orbán arrives in Moscow for talks with Putin");
  CHECK(hit.at("outlet") == "Budapest Daily");
  CHECK(hit.at("published") == "2022-02-01");
  CHECK(hit.at("url") == "https://budapest-daily.example/orban-moscow");
  const std::string snippet = hit.at("snippet");
  CHECK(snippet.find("Viktor Orbán arrived") != std::string::npos);
  CHECK(hit.at("highlights").size() == 2);

  doc = search_json(f.db, {"decree"});
  const auto& untitled = doc.at("hits")[0];
  CHECK(untitled.at("title").is_null());
  CHECK(untitled.at("display_title").get<std::string>().starts_with("Ukrainian President"));
  CHECK(untitled.at("outlet") == "Kyiv Wire");
  CHECK(untitled.at("published").is_null());

  doc = search_json(f.db, {"feed-4 OR peskov"});
  CHECK(doc.at("hits")[0].at("outlet").is_null());  // the unknown outlet is null, not ""
}

TEST_CASE("phrases are highlighted as phrases; color only when asked or on a terminal") {
  IndexedFixture f;
  const auto plain = run({search_bin(), "--db", f.db, "\"indivisibility of security\""});
  CHECK(plain.status == 0);
  CHECK(plain.out.find("\x1b[") == std::string::npos);
  CHECK(plain.out.find("1 article matches; showing 1-1") != std::string::npos);
  CHECK(plain.out.find("“Security for all”: Lavrov writes to Western capitals") !=
        std::string::npos);
  CHECK(plain.out.find("unknown outlet | 2022-02-02 | curly-quotes.txt") != std::string::npos);
  const auto color =
      run({search_bin(), "--db", f.db, "--color", "always", "\"indivisibility of security\""});
  CHECK(color.out.find("“\x1b[1;31mindivisibility of security\x1b[0m”") != std::string::npos);
}

TEST_CASE("what a query excludes is never highlighted, what it asks for is, filters too") {
  IndexedFixture f;
  // The article names Putin but not sanctions: it matches, and Putin is no reason it does.
  const auto r =
      run({search_bin(), "--db", f.db, "--color", "always", "Orban NOT (Putin AND sanctions)"});
  CHECK(r.status == 0);
  CHECK(r.out.find("orban-visit.txt") != std::string::npos);
  CHECK(r.out.find("\x1b[1;31mOrbán\x1b[0m") != std::string::npos);
  CHECK(r.out.find("\x1b[1;31mPutin") == std::string::npos);
  // A person filter alone: the hit shows where the person is named.
  const auto filtered = run({search_bin(), "--db", f.db, "--color", "always", "person:Orban"});
  CHECK(filtered.out.find("Viktor \x1b[1;31mOrbán\x1b[0m arrived") != std::string::npos);
}

TEST_CASE("sorting by date and paging") {
  IndexedFixture f;
  const auto doc = search_json(f.db, {"--sort", "date", "--limit", "3", ""});
  V ids;
  for (const auto& h : doc.at("hits")) ids.push_back(h.at("id"));
  // 2022-02-02, then three on 2022-02-01 (feed-1 is 23:00 UTC on 1 Feb), by relevance.
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] == "curly-quotes.txt");
  CHECK(doc.at("hits")[1].at("published") == "2022-02-01");
  const auto page = search_json(f.db, {"--limit", "2", "--offset", "7", ""});
  CHECK(page.at("total") == 8);
  CHECK(page.at("hits").size() == 1);
  CHECK(page.at("hits")[0].at("rank") == 8);
}

TEST_CASE("exit statuses and one-line errors") {
  IndexedFixture f;
  const auto none = run({search_bin(), "--db", f.db, "nonexistentword"});
  CHECK(none.status == 1);
  CHECK(none.out == "No articles match.\n");
  search_json(f.db, {"nonexistentword"}, 1);

  morgue::test::TempDir other;
  const auto missing = run({search_bin(), "--db", (other / "none").string(), "x"});
  CHECK(missing.status == 2);
  CHECK(missing.err == "morgue-search: error: no index at " + (other / "none").string() +
                           " (create one with morgue-index)\n");

  const auto usage = run({search_bin(), "--sort", "weird", "--db", f.db, "x"});
  CHECK(usage.status == 2);
  CHECK(usage.err.find("--sort must be relevance, date or oldest") != std::string::npos);

  const auto help = run({search_bin(), "--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("Exit status:") != std::string::npos);
  const auto index_help = run({index_bin(), "--help"});
  CHECK(index_help.status == 0);
  CHECK(index_help.out.find("75  another morgue-index") != std::string::npos);

  const auto no_db = run({index_bin(), kCorpus});
  CHECK(no_db.status == 2);
  CHECK(no_db.err.find("--db PATH is required") != std::string::npos);

  other.write("not-an-index/notes.txt", "my notes");
  const auto busy_dir = run({index_bin(), "--db", (other / "not-an-index").string(), kCorpus});
  CHECK(busy_dir.status == 2);
  CHECK(busy_dir.err.find("is a directory that holds other files, not a morgue index") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(other / "not-an-index/XAPIANDB"));
  CHECK_FALSE(std::filesystem::exists(other / "not-an-index/morgue.lock"));

  const std::string file_as_db = other.write("plain-file", "x").string();
  const auto bad_db = run({index_bin(), "--db", file_as_db, kCorpus});
  CHECK(bad_db.status == 2);
  CHECK(bad_db.err.find("exists and is not an index directory") != std::string::npos);
}

TEST_CASE("a Xapian database that is not a morgue index is refused, even an empty one") {
  morgue::test::TempDir dir;
  { Xapian::WritableDatabase foreign((dir / "foreign").string(), Xapian::DB_CREATE); }
  const auto r = run({index_bin(), "--db", (dir / "foreign").string(), kCorpus});
  CHECK(r.status == 2);
  CHECK(r.err.find("is a Xapian database but not a morgue index") != std::string::npos);
  CHECK(Xapian::Database((dir / "foreign").string()).get_metadata("morgue.schema_version").empty());
}

TEST_CASE("an index from another schema version is refused with a clear message") {
  IndexedFixture f;
  {
    Xapian::WritableDatabase db(f.db);
    db.set_metadata("morgue.schema_version", "999");
    db.commit();
  }
  const auto r = run({search_bin(), "--db", f.db, "x"});
  CHECK(r.status == 2);
  CHECK(r.err.find("has index schema version 999, this build reads version " +
                   std::to_string(morgue::schema::kVersion)) != std::string::npos);
}

TEST_CASE("outlets from URLs, facets with unknown buckets, per-hit entities") {
  IndexedFixture f;
  const auto doc = search_json(f.db, {"--limit", "1", "--facets", "outlet,date:month", "trudeau"});
  const auto& hit = doc.at("hits").at(0);
  CHECK(hit.at("id") == "feed-5");
  CHECK(hit.at("outlet") == "CBC News");  // from https://www.cbc.ca/...
  CHECK(hit.at("entities").at("person") == nlohmann::json::array({"Justin Trudeau"}));
  // Moscow is named; Russia comes with it (a city's country, listed after what is named).
  CHECK(hit.at("entities").at("place") == nlohmann::json::array({"Moscow", "Russia"}));
  const auto all = search_json(f.db, {"--limit", "0", "--facets", "outlet,date:month", ""});
  std::map<std::string, int> outlets, months;
  for (const auto& v : all.at("facets").at("outlet")) outlets[v.at("value")] = v.at("count");
  for (const auto& v : all.at("facets").at("date")) months[v.at("value")] = v.at("count");
  CHECK(outlets == std::map<std::string, int>{{"Budapest Daily", 1},
                                              {"Kyiv Wire", 1},
                                              {"Wire Service", 2},
                                              {"CBC News", 1},
                                              {"unknown", 3}});
  CHECK(months == std::map<std::string, int>{{"2022-01", 1}, {"2022-02", 5}, {"undated", 2}});
  // A country only implied by its city is filtered and counted under its own name.
  const auto russia = search_json(f.db, {"--limit", "20", "--facets", "place:50", "place:Russia"});
  bool feed5 = false;
  for (const auto& h : russia.at("hits")) feed5 = feed5 || h.at("id") == "feed-5";
  CHECK(feed5);
  bool shown = false;
  for (const auto& v : russia.at("facets").at("place")) shown = shown || v.at("value") == "Russia";
  CHECK(shown);
}

TEST_CASE("an alias file merges names and sets how they are shown; filters follow it") {
  IndexedFixture f;
  morgue::test::TempDir tmp;
  const auto aliases =
      tmp.write("aliases.jsonl",
                "{\"kind\": \"person\", \"name\": \"Sergey V. Lavrov\", \"aliases\": [\"Sergei "
                "Lavrov\", \"Sergey Lavrov\"]}\n");
  const auto r = run({index_bin(), "--db", f.db, "--aliases", aliases.string(), kCorpus});
  INFO(r.err);
  CHECK(r.status == 1);
  // A changed alias file changes what is indexed: every article is looked at again.
  CHECK(r.err.find("indexed 8 (0 added, 8 updated), 0 unchanged") != std::string::npos);
  const auto doc = search_json(f.db, {"--limit", "0", "--facets", "person:20", ""});
  std::map<std::string, int> people;
  for (const auto& v : doc.at("facets").at("person")) people[v.at("value")] = v.at("count");
  CHECK(people.at("Sergey V. Lavrov") == 2);  // curly-quotes.txt says Sergei, feed-1 Sergey
  CHECK_FALSE(people.contains("Sergei Lavrov"));
  CHECK(ids_for(f.db, "person:\"Sergey V. Lavrov\"") == V{"curly-quotes.txt", "feed-1"});
  CHECK(ids_for(f.db, "person:\"Sergei Lavrov\"") == V{"curly-quotes.txt", "feed-1"});
  // Without --aliases the next run keeps the stored ones.
  const auto again = run({index_bin(), "--db", f.db, kCorpus});
  CHECK(again.err.find("0 updated), 8 unchanged") != std::string::npos);

  const auto bad = tmp.write("bad.jsonl", "{\"kind\": \"ship\"}\n");
  const auto refused = run({index_bin(), "--db", f.db, "--aliases", bad.string(), kCorpus});
  CHECK(refused.status == 2);
  CHECK(refused.err.find("bad.jsonl:1: \"kind\" must be") != std::string::npos);
}

TEST_CASE("the input schemas accept the fixture records the indexer accepts, and reject the rest") {
  const auto lines = [](const std::string& file) {
    std::ifstream in(file);
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  };
  const auto feed = lines(kCorpus + "/feed.jsonl");
  REQUIRE(feed.size() == 5);
  for (std::size_t i = 0; i < feed.size(); ++i) {
    CAPTURE(i);
    const bool valid = morgue::test::schema_errors(feed[i], "article.schema.json").empty();
    CHECK(valid == (feed[i].at("id") != "feed-3"));  // feed-3's body is a number
  }
  for (const auto& m : lines(kCorpus + "/manifest.jsonl")) {
    CHECK(morgue::test::schema_errors(m, "manifest-line.schema.json") == "");
  }
  CHECK_FALSE(
      morgue::test::schema_errors(nlohmann::json{{"outlet", "X"}}, "manifest-line.schema.json")
          .empty());
  const auto alias = nlohmann::json::parse(
      R"({"kind": "person", "name": "Mikhail Gorbachev", "aliases": ["Gorby"]})");
  CHECK(morgue::test::schema_errors(alias, "aliases.schema.json") == "");
  CHECK_FALSE(
      morgue::test::schema_errors(nlohmann::json{{"kind", "ship"}}, "aliases.schema.json").empty());
}

TEST_CASE("--show ID: one article, as text and as JSON, with its copies") {
  IndexedFixture f;
  const auto json = run({search_bin(), "--db", f.db, "--show", "orban-visit.txt", "--json"});
  INFO(json.err);
  REQUIRE(json.status == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(morgue::test::schema_errors(doc, "article-view.schema.json") == "");
  CHECK(doc.at("id") == "orban-visit.txt");
  CHECK(doc.at("body").get<std::string>().find("Orb") != std::string::npos);
  CHECK(doc.at("copies") == 0);

  const auto text = run({search_bin(), "--db", f.db, "--show", "orban-visit.txt"});
  CHECK(text.status == 0);
  CHECK(text.out.starts_with(doc.at("display_title").get<std::string>() + "\n"));

  const auto missing = run({search_bin(), "--db", f.db, "--show", "no-such-id"});
  CHECK(missing.status == 1);
  CHECK(missing.err == "morgue-search: error: no article with id \"no-such-id\" in the index\n");

  // Two outlets' copies of one wire story: each lists the other.
  morgue::test::TempDir dir;
  const std::string story =
      "The central bank kept its main interest rate unchanged on Thursday and said inflation "
      "would keep easing through the year, opening the door to cuts in the summer months, "
      "while warning that wage growth remained strong in most member states of the union.";
  dir.write("copies/a.txt", "Bank holds rates\n\n" + story);
  dir.write("copies/b.txt", "Rates on hold at the bank\n\n" + story + " Reporting by staff.");
  const std::string db = (dir / "db").string();
  REQUIRE(run({index_bin(), "--db", db, "--quiet", (dir / "copies").string()}).status == 0);
  const auto copy =
      nlohmann::json::parse(run({search_bin(), "--db", db, "--show", "b.txt", "--json"}).out);
  CHECK(copy.at("cluster") == "a.txt");
  CHECK(copy.at("copies") == 1);
  CHECK(copy.at("copies_listed").at(0).at("id") == "a.txt");
}
