#include "searcher/search.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/index/shards.h"
#include "indexer/index_builder.h"
#include "searcher/count/value_column.h"
#include "tests/support/temp_dir.h"

namespace {

// Indexes dir/src into dir/db through the real indexing pipeline; how many were added.
std::size_t index_sources(const morgue::test::TempDir& dir) {
  morgue::IndexOptions options;
  options.db = dir / "db";
  options.sources = {dir / "src"};
  morgue::Diagnostics diag(nullptr);
  return morgue::build_index(options, diag).added;
}

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
    REQUIRE(index_sources(dir) == 3);
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

TEST_CASE("the wildcard budget is the whole query's; a deadline stops a search") {
  SmallIndex idx;
  morgue::SearchOptions o;
  o.db = idx.dir / "db";
  o.match_any = true;
  // How many words one wildcard finds; the budget then fits it alone but not it twice.
  o.query = "p*";
  o.max_wildcard_terms = 1000;
  (void)morgue::search(o);
  Xapian::Database db((idx.dir / "db").string());
  Xapian::termcount words = 0;
  for (auto t = db.allterms_begin("p"); t != db.allterms_end("p"); ++t) ++words;
  REQUIRE(words >= 2);
  o.max_wildcard_terms = words;
  CHECK(morgue::search(o).total > 0);
  o.query = "p* OR p*";
  CHECK_THROWS_WITH_AS((void)morgue::search(o), doctest::Contains("in all, shared between them"),
                       morgue::QueryError);
  o.max_wildcard_terms = 2 * words;
  CHECK_NOTHROW((void)morgue::search(o));

  o.query = "";
  o.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  o.time_limit = 0.5;
  CHECK_THROWS_WITH_AS((void)morgue::search(o),
                       "the search took longer than its time limit of 0.5 s and was stopped; "
                       "narrow it (fewer wildcards, a filter, a date range)",
                       morgue::SearchTimeout);
  o.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  CHECK(morgue::search(o).total == 3);
}

namespace {

std::map<std::string, Xapian::doccount> counts(const morgue::FacetResult& f) {
  std::map<std::string, Xapian::doccount> out;
  for (const auto& v : f.values) out[v.value] = v.count;
  return out;
}

}  // namespace

TEST_CASE("facets count every match, with missing buckets") {
  SmallIndex idx;
  morgue::SearchOptions o;
  o.db = idx.dir / "db";
  o.query = "";
  o.limit = 1;  // counts cover all matches, not the page
  o.facets = morgue::parse_facet_spec("outlet,date:month,person,place");
  const auto r = morgue::search(o);
  REQUIRE(r.facets.size() == 4);
  using M = std::map<std::string, Xapian::doccount>;
  CHECK(counts(r.facets[0]) == M{{"USA TODAY", 1}, {"CBC News", 1}, {"unknown", 1}});
  CHECK(r.facets[0].values.back().missing);
  CHECK(counts(r.facets[1]) == M{{"2022-01", 1}, {"2022-02", 2}});
  CHECK(r.facets[1].values.front().value == "2022-01");  // chronological
  const auto people = counts(r.facets[2]);
  CHECK(people.at("Viktor Orbán") == 1);
  CHECK(people.at("Vladimir Putin") == 1);
  CHECK(people.at("Sergei Lavrov") == 1);
  CHECK(counts(r.facets[3]).at("Moscow") == 1);
  CHECK(counts(r.facets[3]).at("Kyiv") == 1);

  o.query = "said";  // b and c
  const auto said = morgue::search(o);
  CHECK(counts(said.facets[0]) == M{{"CBC News", 1}, {"unknown", 1}});
}

TEST_CASE("filters: date forms, --from/--to, outlet, entities by any spelling") {
  SmallIndex idx;
  CHECK(idx.sorted_ids("date:2022") == V{"a.txt", "b.txt", "c.txt"});
  CHECK(idx.sorted_ids("date:2022-02") == V{"a.txt", "b.txt"});
  CHECK(idx.ids("date:2022-02-03") == V{"b.txt"});
  CHECK(idx.sorted_ids("date:2022-01-15..2022-02-01") == V{"a.txt", "c.txt"});
  CHECK(idx.ids("date:2022-02-02..") == V{"b.txt"});
  CHECK(idx.ids("date:..2022-01") == V{"c.txt"});
  CHECK(idx.sorted_ids("date:2022-01 OR date:2022-02-03") == V{"b.txt", "c.txt"});
  CHECK(idx.ids("outlet:\"usa today\"") == V{"a.txt"});
  CHECK(idx.ids("person:\"Victor Orban\"") == V{"a.txt"});
  CHECK(idx.ids("person:ORBAN") == V{"a.txt"});
  CHECK(idx.ids("person:\"Sergey Lavrov\"") == V{"b.txt"});
  CHECK(idx.ids("place:moscow") == V{"a.txt"});
  CHECK(idx.ids("entity:Zelensky") == V{"c.txt"});
  CHECK(idx.ids("person:Nobody").empty());
  CHECK(idx.ids("person:putin person:orban") == V{"a.txt"});  // same field: AND

  morgue::SearchOptions o;
  o.db = idx.dir / "db";
  o.from = morgue::parse_date_bound("2022-02", false);
  o.to = morgue::parse_date_bound("2022-02", true);
  std::vector<std::string> ids;
  for (const auto& h : morgue::search(o).hits) ids.push_back(h.id);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == V{"a.txt", "b.txt"});

  o.from.reset();
  o.to.reset();
  o.query = "date:2022-02-30";
  CHECK_THROWS_WITH_AS((void)morgue::search(o), doctest::Contains("is not a date or range"),
                       morgue::QueryError);
}

namespace {

// Everything a facet answer says, for comparing answers.
std::vector<std::tuple<int, std::string, Xapian::doccount, bool>> flatten(
    const std::vector<morgue::FacetResult>& facets) {
  std::vector<std::tuple<int, std::string, Xapian::doccount, bool>> out;
  for (const auto& f : facets) {
    for (const auto& v : f.values)
      out.emplace_back(static_cast<int>(f.kind), v.value, v.count, v.missing);
  }
  return out;
}

}  // namespace

TEST_CASE("shards searched together count and rank as one index") {
  morgue::test::TempDir dir;
  const std::string corpus = MORGUE_SOURCE_DIR "/tests/fixtures/corpus";
  const auto build = [&](const std::string& name, std::vector<std::filesystem::path> sources) {
    morgue::IndexOptions o;
    o.db = dir / name;
    o.sources = std::move(sources);
    morgue::Diagnostics diag(nullptr);
    (void)morgue::build_index(o, diag);
  };
  // Two source trees: the JSONL feed, and everything else (with the manifest).
  namespace fs = std::filesystem;
  fs::create_directories(dir / "a");
  fs::copy(corpus + "/feed.jsonl", dir / "a/feed.jsonl");
  fs::copy(corpus, dir / "b", fs::copy_options::recursive);
  fs::remove(dir / "b/feed.jsonl");
  build("whole", {dir / "a", dir / "b"});
  build("shard1", {dir / "a"});
  build("shard2", {dir / "b"});
  dir.write("stub",
            "auto " + (dir / "shard1").string() + "\nauto " + (dir / "shard2").string() + "\n");

  for (const std::string query : {"", "lavrov OR kyiv", "date:2022-02"}) {
    CAPTURE(query);
    morgue::SearchOptions o;
    o.db = dir / "whole";
    o.query = query;
    o.facets = morgue::parse_facet_spec("outlet,person:50,org:50,place:50,date");
    const auto values = morgue::search(o);
    CHECK_FALSE(flatten(values.facets).empty());

    o.db = dir / "stub";
    const auto sharded = morgue::search(o);
    CHECK(sharded.total == values.total);
    CHECK(flatten(sharded.facets) == flatten(values.facets));
    // Whole-corpus term statistics are the same, so are the scores (up to rounding).
    REQUIRE(sharded.hits.size() == values.hits.size());
    for (std::size_t i = 0; i < values.hits.size(); ++i) {
      CHECK(sharded.hits[i].score == doctest::Approx(values.hits[i].score));
    }
  }
}

namespace {

// Indexes `feed` (JSONL article records) as dir/src/feed.jsonl into dir/db through the real
// pipeline; returns how many articles were added.
std::size_t index_feed(const morgue::test::TempDir& dir, const std::string& feed) {
  dir.write("src/feed.jsonl", feed);
  morgue::IndexOptions index;
  index.db = dir / "db";
  index.sources = {dir / "src"};
  morgue::Diagnostics diag(nullptr);
  return morgue::build_index(index, diag).added;
}

// Forty words of story `n`'s own, so that two stories share no shingle and never cluster.
std::string own_words(unsigned n) {
  std::string words;
  for (unsigned w = 0; w < 40; ++w) {
    words += " word" + std::to_string((n * 1000u + w) * 2654435761u % 100000u);
  }
  return words;
}

// A feed of `stories` stories of `copies` copies each, "s<story>-<copy>": each story's copies
// together, or (`spread`) every story once, then every story again, and so on.
std::string harvest_copies(unsigned stories, unsigned copies, bool spread) {
  std::string feed;
  for (unsigned k = 0; k < stories * copies; ++k) {
    const unsigned story = spread ? k % stories : k / copies;
    const unsigned copy = spread ? k / stories : k % copies;
    feed += "{\"id\": \"s" + std::to_string(story) + "-" + std::to_string(copy) +
            "\", \"body\": \"The harvest report said" + own_words(story) + ".\"}\n";
  }
  return feed;
}

// A feed of `articles` articles "a<k>", each of its own words and `extra(k)`.
template <class Extra>
std::string report_feed(unsigned articles, Extra&& extra) {
  std::string feed;
  for (unsigned k = 0; k < articles; ++k) {
    feed += "{\"id\": \"a" + std::to_string(k) + "\", \"body\": \"The report said" + own_words(k) +
            extra(k) + ".\"}\n";
  }
  return feed;
}

// dir/src indexed into dir/db<shards> with that many shards; the index's path.
std::filesystem::path index_shards(const morgue::test::TempDir& dir, std::size_t shards,
                                   std::size_t articles) {
  morgue::IndexOptions index;
  index.db = dir / ("db" + std::to_string(shards));
  index.sources = {dir / "src"};
  index.shards = shards;
  morgue::Diagnostics diag(nullptr);
  REQUIRE(morgue::build_index(index, diag).added == articles);
  return index.db;
}

}  // namespace

TEST_CASE("copies: counted exactly, listed in index order, whichever way the cluster is matched") {
  morgue::test::TempDir dir;
  // Fourteen copies of one wire story under their own headlines; the last leaves out the
  // word searched for, so it is in the cluster but not among the copies that match.
  std::string body =
      "Grain traders said the Agriculture Department report on sorghum stocks surprised the "
      "market on Tuesday, with reserves well above what dealers in Chicago and Kansas City "
      "had expected after a dry summer across the southern plains and weak export demand.";
  std::string feed;
  for (int n = 0; n < 14; ++n) {
    std::string text = body;
    if (n == 13) text.replace(text.find("sorghum"), 7, "barley");
    // Earlier copies add sentences: longer articles, lower BM25, so that relevance ranks
    // them in the reverse of index order.
    for (int extra = 0; extra < 14 - n; ++extra) text += " Prices were little changed.";
    feed += "{\"id\": \"copy-" + std::to_string(n) + "\", \"outlet\": \"Outlet " +
            std::to_string(n) + "\", \"title\": \"Grain report " + std::to_string(n) +
            "\", \"body\": \"" + text + "\"}\n";
  }
  feed += "{\"id\": \"other\", \"title\": \"Sorghum prices\", \"body\": \"Sorghum rose.\"}\n";
  REQUIRE(index_feed(dir, feed) == 15);

  morgue::SearchOptions o;
  o.db = dir / "db";
  o.query = "sorghum";
  o.limit = 50;
  o.collapse = false;
  std::vector<std::string> by_relevance;  // the thirteen copies that match, best first
  for (const auto& h : morgue::search(o).hits) {
    if (h.id != "other") by_relevance.push_back(h.id);
  }
  REQUIRE(by_relevance.size() == 13);
  REQUIRE(by_relevance.front() == "copy-12");
  REQUIRE(by_relevance.back() == "copy-0");

  o.collapse = true;
  for (const Xapian::doccount mapped : {Xapian::doccount{10000}, Xapian::doccount{0}}) {
    CAPTURE(mapped);
    o.max_mapped_cluster = mapped;
    const auto result = morgue::search(o);
    const auto hit = std::find_if(result.hits.begin(), result.hits.end(),
                                  [](const morgue::Hit& h) { return h.id != "other"; });
    REQUIRE(hit != result.hits.end());
    CHECK(hit->id == "copy-12");
    CHECK(hit->similar == 12);
    std::vector<std::string> listed;
    for (const auto& c : hit->similar_articles) listed.push_back(c.id);
    const std::vector<std::string> first_ten{"copy-0", "copy-1", "copy-2", "copy-3", "copy-4",
                                             "copy-5", "copy-6", "copy-7", "copy-8", "copy-9"};
    CHECK(listed == first_ten);
    REQUIRE_FALSE(hit->similar_articles.empty());
    CHECK(hit->similar_articles.front().outlet.value_or("") != "");
  }

  // Facets count every matching article, copies included, and change nothing else.
  o.max_mapped_cluster = morgue::SearchOptions{}.max_mapped_cluster;
  const auto plain = morgue::search(o);
  o.facets = morgue::parse_facet_spec("outlet:50");
  const auto faceted = morgue::search(o);
  CHECK(faceted.total == 14);
  CHECK(faceted.total_exact);
  CHECK(faceted.results == plain.results);
  REQUIRE(faceted.hits.size() == plain.hits.size());
  for (std::size_t i = 0; i < plain.hits.size(); ++i) {
    CHECK(faceted.hits[i].id == plain.hits[i].id);
    CHECK(faceted.hits[i].similar == plain.hits[i].similar);
  }
  REQUIRE(faceted.facets.size() == 1);
  Xapian::doccount counted = 0;
  for (const auto& v : faceted.facets[0].values) counted += v.count;
  CHECK(counted == 14);
}

TEST_CASE("counts are exact up to kExactCountLimit matches, however the page is ranked") {
  morgue::test::TempDir dir;
  // Sixty stories of their own words, three copies each, all mentioning the harvest; one
  // story also mentions a zebra.
  std::string feed;
  for (unsigned story = 0; story < 60; ++story) {
    std::string body = "The harvest report said" + own_words(story);
    if (story == 30) body += " and a zebra";
    body += ".";
    for (int copy = 0; copy < 3; ++copy) {
      feed += "{\"id\": \"s" + std::to_string(story) + "-" + std::to_string(copy) +
              "\", \"body\": \"" + body + "\"}\n";
    }
  }
  REQUIRE(index_feed(dir, feed) == 180);

  morgue::SearchOptions o;
  o.db = dir / "db";
  o.query = "harvest";
  o.limit = 100;
  const auto all = morgue::search(o);
  CHECK(all.total == 180);
  CHECK(all.total_exact);
  CHECK(all.results == 60);
  CHECK(all.results_exact);
  // The zebra story ranks first; a page of one could stop the matcher once nothing else
  // can outrank it (it said "about" then), but counts below the limit are always exact.
  o.query = "harvest zebra";
  o.match_any = true;
  o.limit = 1;
  const auto first = morgue::search(o);
  REQUIRE(first.hits.size() == 1);
  CHECK(first.hits[0].id.starts_with("s30-"));
  CHECK(first.results == 60);
  CHECK(first.results_exact);
  CHECK(first.total == 180);
  CHECK(first.total_exact);
  o.collapse = false;
  const auto flat = morgue::search(o);
  CHECK(flat.results == flat.total);
  CHECK(flat.results_exact == flat.total_exact);
}

TEST_CASE("above the exact-count limit, counts are estimates from the matches seen") {
  morgue::test::TempDir dir;
  // Sixty stories, three copies each, arriving together as a wire story's copies do.
  REQUIRE(index_feed(dir, harvest_copies(60, 3, false)) == 180);
  morgue::SearchOptions o;
  o.db = dir / "db";
  o.query = "harvest";
  o.exact_count_limit = 29;  // the counting match checks one more: ten whole stories
  const auto r = morgue::search(o);
  CHECK(r.hits.size() == 10);
  CHECK(r.total == 180);  // one word: its posting list's length, exact all the same
  CHECK(r.total_exact);
  CHECK_FALSE(r.results_exact);
  CHECK(r.results == 60);  // a story per three articles among those seen
  o.facets = morgue::parse_facet_spec("outlet");
  const auto faceted = morgue::search(o);  // facets count every match: exact again
  CHECK(faceted.results == 60);
  CHECK(faceted.results_exact);
  o.facets.clear();
  o.exact_count_limit = morgue::kExactCountLimit;
  const auto exact = morgue::search(o);
  CHECK(exact.results == 60);
  CHECK(exact.results_exact);
}

TEST_CASE("stories are estimated right when a story's copies are spread through the index") {
  morgue::test::TempDir dir;
  // Sixty stories, then the same sixty again (an archive that took a second feed of the same
  // wire): the first thirty matches are thirty stories, each half of its cluster.
  REQUIRE(index_feed(dir, harvest_copies(60, 2, true)) == 120);
  Xapian::Database db = morgue::open_index_for_reading(dir / "db");
  morgue::ValueColumns columns;
  morgue::SearchOptions o;
  o.query = "harvest";
  o.exact_count_limit = 29;
  for (morgue::ValueColumns* held : {static_cast<morgue::ValueColumns*>(nullptr), &columns}) {
    const auto r = morgue::search(o, db, held);
    CHECK_FALSE(r.results_exact);
    // Each article seen is half a story: 120 articles, 60 stories (as many stories as
    // articles seen would say 120).
    CHECK(r.results == 60);
  }
}

TEST_CASE("above the limit, an OR's articles are counted, not taken from Xapian's estimate") {
  // Xapian estimates an OR from its words' frequencies as if they were independent; words
  // that go together (oil and gas) make that estimate too high, and the stories estimated from
  // it with it. 400 articles: "barley" in the first 120, "sorghum" in 60 to 179.
  morgue::test::TempDir dir;
  dir.write("src/feed.jsonl", report_feed(400, [](unsigned k) {
              return std::string(k < 120 ? " barley" : "") + (k >= 60 && k < 180 ? " sorghum" : "");
            }));
  for (const std::size_t shards : {1, 2}) {
    morgue::OpenIndex opened(index_shards(dir, shards, 400));
    morgue::ValueColumns columns;
    for (morgue::ValueColumns* held : {static_cast<morgue::ValueColumns*>(nullptr), &columns}) {
      for (const std::string query : {"barley OR sorghum", "barley AND NOT sorghum"}) {
        CAPTURE(shards);
        CAPTURE(query);
        morgue::SearchOptions o;
        o.query = query;
        o.exact_count_limit = 29;
        const auto r = morgue::search(o, opened.db(), shards == 1 ? held : nullptr);
        const Xapian::doccount truth = query.find(" OR ") != std::string::npos ? 180 : 60;
        CHECK(r.total == truth);
        CHECK(r.total_exact);
        // Every article its own story: the stories seen say one per article.
        CHECK(r.results == truth);
        CHECK_FALSE(r.results_exact);
      }
    }
  }

  // Remote shards (here spoken to through xapian-progsrv, as a stub's "remote :" line does)
  // run only Xapian's own spies: the rest is counted all the same.
  if (!std::filesystem::exists("/usr/bin/xapian-progsrv")) {
    MESSAGE("xapian-progsrv not installed (Debian xapian-tools); remote count skipped");
    return;
  }
  std::string stub;
  for (const auto& shard : morgue::live_shards(dir / "db2")) {
    stub += "remote :xapian-progsrv " + shard.string() + "\n";
  }
  const auto remote = dir.write("remote/XAPIANDB", stub).parent_path();
  morgue::SearchOptions o;
  o.db = remote;
  o.query = "barley OR sorghum";
  o.exact_count_limit = 29;
  const auto r = morgue::search(o);
  CHECK(r.total == 180);
  CHECK(r.total_exact);
}

TEST_CASE("above the limit, a phrase's matches are its share of the candidates walked") {
  // Xapian rounds a phrase's estimate to one figure; its share of the articles with its words
  // anywhere, up to where the count stopped, times all of those, says more. 600 articles: the
  // first 400 name barley and sorghum, every other one as the phrase "barley sorghum".
  morgue::test::TempDir dir;
  dir.write("src/feed.jsonl", report_feed(600, [](unsigned k) {
              return k >= 400 ? "" : k % 2 == 0 ? " barley sorghum" : " barley grows and sorghum";
            }));
  for (const std::size_t shards : {1, 2}) {
    CAPTURE(shards);
    morgue::OpenIndex opened(index_shards(dir, shards, 600));
    morgue::SearchOptions o;
    o.query = "\"barley sorghum\"";
    o.exact_count_limit = 29;
    const auto estimated = morgue::search(o, opened.db());
    CHECK_FALSE(estimated.total_exact);
    CHECK(estimated.total >= 180);
    CHECK(estimated.total <= 220);
    o.exact_count_limit = morgue::kExactCountLimit;
    CHECK(morgue::search(o, opened.db()).total == 200);
  }
}

TEST_CASE("a sharded index is counted shard by shard: the counts of one database") {
  // A match over shards searched as one never stops early (Xapian goes through them one by
  // one); each shard counted on its own stops at the limit, and the stories are summed by
  // cluster, whose copies lie in either shard.
  morgue::test::TempDir dir;
  dir.write("src/feed.jsonl", harvest_copies(60, 3, true));
  for (const std::size_t shards : {1, 2}) (void)index_shards(dir, shards, 180);
  morgue::OpenIndex sharded(dir / "db2");
  const std::vector<Xapian::Database>* shards = morgue::registered_shards(sharded.db());
  REQUIRE(shards);
  REQUIRE(shards->size() == 2);
  Xapian::Database one = morgue::open_index_for_reading(dir / "db1");
  morgue::ValueColumns columns;
  for (const std::size_t limit : {std::size_t{29}, morgue::kExactCountLimit}) {
    for (const char* facets : {"", "outlet,date"}) {
      for (morgue::ValueColumns* held : {static_cast<morgue::ValueColumns*>(nullptr), &columns}) {
        CAPTURE(limit);
        CAPTURE(facets);
        CAPTURE(held != nullptr);
        morgue::SearchOptions o;
        o.query = "harvest OR report";
        o.exact_count_limit = limit;
        if (*facets) o.facets = morgue::parse_facet_spec(facets);
        const auto expected = morgue::search(o, one, held);
        const auto got = morgue::search(o, sharded.db(), held);
        CHECK(got.total == 180);
        CHECK(got.total == expected.total);
        CHECK(got.results_exact == expected.results_exact);
        CHECK(got.results == 60);
        CHECK(got.results == expected.results);
        CHECK(flatten(got.facets) == flatten(expected.facets));
        CHECK(got.hits.size() == expected.hits.size());
      }
    }
  }

  // Unregistered (as remote shards are), the match goes through them all: having seen every
  // match, its counts are exact.
  Xapian::Database unregistered = morgue::open_index_for_reading(dir / "db2");
  morgue::SearchOptions o;
  o.query = "harvest";
  o.exact_count_limit = 29;
  const auto all_seen = morgue::search(o, unregistered);
  CHECK(all_seen.results_exact);
  CHECK(all_seen.results == 60);

  // Why: a boolean match over the shards searched as one sees every match, however few it
  // is asked to check; over one shard it stops there.
  struct Seen : Xapian::MatchSpy {
    Xapian::doccount n = 0;
    void operator()(const Xapian::Document&, double) override { ++n; }
  };
  for (const Xapian::Database* db :
       {static_cast<const Xapian::Database*>(&sharded.db()), &shards->front()}) {
    Xapian::Enquire enquire(*db);
    enquire.set_query(Xapian::Query("harvest"));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Seen seen;
    enquire.add_matchspy(&seen);
    (void)enquire.get_mset(0, 0, 30);
    CHECK(seen.n == (db == &sharded.db() ? 180 : 30));
  }
}

TEST_CASE("a server's value columns give the same answers as counting from the index") {
  morgue::test::TempDir dir;
  // Twenty stories with a copy each, five more on their own; three outlets, two months, one
  // minister in every third story; one undated article with no outlet.
  std::string feed;
  for (unsigned story = 0; story < 25; ++story) {
    std::string body = "The harvest report said" + own_words(story) + ".";
    if (story % 3 == 0) body += " Agriculture Minister Jean Dupont said so in Paris.";
    for (int copy = 0; copy < (story < 20 ? 2 : 1); ++copy) {
      const std::string dated =
          story == 24 ? ""
                      : ", \"outlet\": \"Wire " + std::to_string((story + copy) % 3) +
                            "\", \"published\": \"1987-0" + std::to_string(3 + story % 2) + "-1" +
                            std::to_string(copy) + "\"";
      feed += "{\"id\": \"s" + std::to_string(story) + "-" + std::to_string(copy) + "\"" + dated +
              ", \"body\": \"" + body + "\"}\n";
    }
  }
  REQUIRE(index_feed(dir, feed) == 45);
  Xapian::Database db = morgue::open_index_for_reading(dir / "db");
  morgue::ValueColumns columns;
  const auto counts = [](const morgue::SearchResult& r) {
    std::vector<std::string> ids, facets;
    for (const auto& h : r.hits) ids.push_back(h.id + "+" + std::to_string(h.similar));
    for (const auto& f : r.facets) {
      for (const auto& v : f.values) facets.push_back(v.value + "=" + std::to_string(v.count));
      facets.push_back("distinct " + std::to_string(f.distinct));
    }
    return std::make_tuple(r.total, r.total_exact, r.results, r.results_exact, ids, facets);
  };
  morgue::SearchOptions o;
  o.query = "harvest";
  for (const std::size_t limit : {std::size_t{29}, morgue::kExactCountLimit}) {
    o.exact_count_limit = limit;
    const auto plain = morgue::search(o, db);
    const auto with_columns = morgue::search(o, db, &columns);
    CHECK(counts(with_columns) == counts(plain));
    // Estimated: 15 stories in the first 30 of 45 articles make about 23.
    CHECK(plain.results == (limit == 29 ? 23 : 25));
  }
  // The second search found the column built.
  REQUIRE(columns.for_database(db, morgue::schema::slot(morgue::schema::Slot::kCluster)));

  o.facets = morgue::parse_facet_spec("outlet,person,place,date:month");
  for (const bool collapse : {true, false}) {
    o.collapse = collapse;
    const auto plain = morgue::search(o, db);
    const auto first = morgue::search(o, db, &columns);  // builds the facet columns
    const auto held = morgue::search(o, db, &columns);
    CHECK(counts(first) == counts(plain));
    CHECK(counts(held) == counts(plain));
    REQUIRE(plain.facets.size() == 4);
    CHECK(plain.facets[0].values.size() == 4);  // three wires and the unknown outlet
    CHECK_FALSE(plain.facets[1].values.empty());
  }
  REQUIRE(columns.for_database(db, morgue::schema::slot(morgue::schema::Slot::kOutlet)));

  // The page's match reads the date and cluster columns too (sorting by one, folding copies
  // by the other): the same hits in the same order, however they are paged and sorted.
  o.facets.clear();
  o.exact_count_limit = morgue::kExactCountLimit;
  const auto page = [](const morgue::SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) {
      out.push_back(h.id + "|" + h.cluster + "|" + std::to_string(h.similar) + "|" +
                    std::to_string(h.score));
    }
    return out;
  };
  for (const auto sort :
       {morgue::SortOrder::kRelevance, morgue::SortOrder::kDate, morgue::SortOrder::kOldest}) {
    for (const bool ranked_by_term : {false, true}) {
      for (const bool collapse : {true, false}) {
        for (const std::size_t offset : {0, 3, 17, 40}) {
          for (const std::size_t limit : {1, 4, 10}) {
            o.sort = sort;
            o.collapse = collapse;
            o.offset = offset;
            o.limit = limit;
            o.rank_by = ranked_by_term ? std::optional(Xapian::Query("Zminist")) : std::nullopt;
            CAPTURE(static_cast<int>(sort));
            CAPTURE(ranked_by_term);
            CAPTURE(collapse);
            CAPTURE(offset);
            CAPTURE(limit);
            const auto plain = morgue::search(o, db);
            const auto held = morgue::search(o, db, &columns);
            CHECK(page(held) == page(plain));
            const std::size_t listed = collapse ? 25U : 45U;  // stories, or articles
            CHECK(plain.hits.size() == std::min(limit, listed - std::min(offset, listed)));
          }
        }
      }
    }
  }
  REQUIRE(columns.for_database(db, morgue::schema::slot(morgue::schema::Slot::kPublishedAt)));
}

TEST_CASE(
    "feedback, on by default: short and naming queries rank exactly as without it; it never "
    "changes the matches") {
  morgue::test::TempDir dir;
  std::string feed;
  for (unsigned story = 0; story < 30; ++story) {
    feed += "{\"id\": \"s" + std::to_string(story) + "\", \"body\": \"The harvest report said" +
            own_words(story) + (story % 2 ? " drought, sorghum and millet" : "") +
            (story % 3 ? " cereal" : "") + (story % 5 ? " forecast" : "") + ".\"}\n";
  }
  REQUIRE(index_feed(dir, feed) == 30);
  const auto answer = [&](const std::string& query, bool any, bool feedback) {
    morgue::SearchOptions o;
    o.db = dir / "db";
    o.query = query;
    o.match_any = any;
    o.limit = 30;
    if (!feedback) o.feedback_min_terms = 0;
    const auto r = morgue::search(o);
    std::vector<std::pair<std::string, double>> hits;
    for (const auto& h : r.hits) hits.emplace_back(h.id, h.score);
    return std::make_tuple(hits, r.total, r.results);
  };
  CHECK(morgue::SearchOptions{}.feedback_min_terms == 4);
  for (const bool any : {false, true}) {
    for (const char* query : {"harvest", "harvest drought", "harvest drought cereal",
                              "harvest drought cereal forecast for Sudan"}) {
      CAPTURE(query);
      CHECK(answer(query, any, true) == answer(query, any, false));
    }
  }
  // A long one is ranked with feedback, over the same matches.
  const auto with = answer("harvest drought cereal forecast", true, true);
  const auto without = answer("harvest drought cereal forecast", true, false);
  CHECK(std::get<0>(with) != std::get<0>(without));
  CHECK(std::get<1>(with) == std::get<1>(without));
  std::set<std::string> a, b;
  for (const auto& [id, score] : std::get<0>(with)) a.insert(id);
  for (const auto& [id, score] : std::get<0>(without)) b.insert(id);
  CHECK(a == b);
}

TEST_CASE("a hit's copies are listed even where the matcher stopped before reaching them") {
  morgue::test::TempDir dir;
  // A story, thirty others, then a copy of the first: an empty query ranks all alike, in
  // index order, so the match for a page of one stops long before the copy.
  const auto story = [](unsigned n) { return "Story" + own_words(n) + "."; };
  std::string feed = "{\"id\": \"first\", \"body\": \"" + story(0) + "\"}\n";
  for (unsigned n = 1; n <= 30; ++n) {
    feed += "{\"id\": \"other-" + std::to_string(n) + "\", \"body\": \"" + story(n) + "\"}\n";
  }
  feed += "{\"id\": \"copy\", \"body\": \"" + story(0) + "\"}\n";
  REQUIRE(index_feed(dir, feed) == 32);

  morgue::SearchOptions o;
  o.db = dir / "db";
  o.limit = 1;
  const auto result = morgue::search(o);
  REQUIRE(result.hits.size() == 1);
  const morgue::Hit& hit = result.hits[0];
  CHECK(hit.id == "first");
  CHECK(hit.similar == 1);
  REQUIRE(hit.similar_articles.size() == 1);
  CHECK(hit.similar_articles[0].id == "copy");
}

TEST_CASE("a day histogram over years is counted by month, and says so (#31: 3,256 lines)") {
  morgue::test::TempDir dir;
  dir.write("src/feed.jsonl",
            "{\"id\": \"a\", \"body\": \"Tram fares.\", \"published\": \"2022-02-01\"}\n"
            "{\"id\": \"b\", \"body\": \"Tram lines.\", \"published\": \"2022-02-03\"}\n"
            "{\"id\": \"c\", \"body\": \"Tram plan.\", \"published\": \"2031-01-05\"}\n");
  REQUIRE(index_sources(dir) == 3);
  morgue::SearchOptions o;
  o.db = dir / "db";
  o.facets = morgue::parse_facet_spec("date:day");
  const auto r = morgue::search(o);
  REQUIRE(r.facets.size() == 1);
  const auto& dates = r.facets[0];
  CHECK(dates.granularity == morgue::DateGranularity::kMonth);
  CHECK(dates.values.size() == 108);  // 2022-02 .. 2031-01, gaps filled
  CHECK(dates.values.front().value == "2022-02");
  CHECK(dates.values.front().count == 2);
  CHECK(dates.values.back().value == "2031-01");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] ==
        "the dates matched span over 1000 buckets at the granularity asked; "
        "counted by month");
  // Within the bound, days as asked.
  o.query = "fares OR lines";
  const auto days = morgue::search(o);
  CHECK(days.facets[0].granularity == morgue::DateGranularity::kDay);
  CHECK(days.facets[0].values.size() == 3);
  CHECK(days.warnings.empty());
}
