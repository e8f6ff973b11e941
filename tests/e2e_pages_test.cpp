// End-to-end: saved web pages and WARC crawls through the real binaries. A folder of pages
// and a crawl of the same pages index with headline, date, outlet, byline, section, body and
// entities as a reporter would expect; bad pages and broken crawls are reported with file and
// offset, counted, and lose nothing already indexed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"
#include "tests/support/warc.h"

namespace fs = std::filesystem;
using morgue::test::contains;
using morgue::test::ids_for;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_bin;
using morgue::test::search_json;
using V = std::vector<std::string>;

namespace {

const fs::path kPages = MORGUE_SOURCE_DIR "/tests/fixtures/pages";
const std::string kStrike = "https://courier.example/business/2024/03/04/rotterdam-dock-strike";
const std::string kGrid = "https://journal-du-lac.example/economie/accord-reseau-electrique";

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json show(const std::string& db, const std::string& id) {
  const auto r = run({search_bin(), "--db", db, "--show", id, "--json"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(morgue::test::schema_errors(doc, "article-view.schema.json") == "");
  return doc;
}

bool names(const nlohmann::json& article, const char* kind, const std::string& name) {
  const auto& list = article.at("entities").value(kind, nlohmann::json::array());
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Every field of the three fixture pages, as a reporter reads them on the page.
void check_fixture_articles(const std::string& db, const std::string& flood_id,
                            const nlohmann::json& flood_url) {
  const auto strike = show(db, kStrike);
  CHECK(strike["title"] == "Dock workers strike in Rotterdam");
  CHECK(strike["outlet"] == "The Northern Courier");
  CHECK(strike["published"] == "2024-03-04");
  CHECK(strike["section"] == "Business");
  CHECK(strike["byline"] == "Marta Visser");
  CHECK(strike["language"] == "en-GB");
  CHECK(strike["url"] == kStrike);
  const std::string body = strike["body"];
  CHECK(body.starts_with("Thousands of dock workers walked out at the port of Rotterdam"));
  CHECK(body.ends_with("would not intervene for now."));
  CHECK(contains(body, "\n\nSupply chains\n\n"));  // a subheading is part of the story
  for (const char* chrome : {"cookies", "Share on", "Photo: Courier", "Advertisement", "Lisbon",
                             "Antwerp port workers vote", "morning briefing", "underpaid",
                             "All rights reserved", "Opinion"}) {
    CAPTURE(chrome);
    CHECK_FALSE(contains(body, chrome));
  }
  CHECK(names(strike, "person", "Niels de Boer"));
  CHECK(names(strike, "person", "Sophie Hermans"));
  CHECK(names(strike, "place", "Rotterdam"));
  CHECK_FALSE(names(strike, "place", "Lisbon"));  // only the advert named it

  const auto grid = show(db, kGrid);  // Windows-1252 bytes, metadata in JSON-LD
  CHECK(grid["title"] == "Accord sur le réseau électrique entre la France et la Suisse");
  CHECK(grid["outlet"] == "Le Journal du Lac");
  CHECK(grid["published"] == "2024-03-05");
  CHECK(grid["section"] == "Économie");
  CHECK(grid["byline"] == "Claire Dubois, Jonas Keller");
  CHECK(grid["language"] == "fr");
  const std::string grid_body = grid["body"];
  CHECK(grid_body.starts_with("La France et la Suisse ont signé mardi à Genève"));
  CHECK(contains(grid_body, "« C’est une bonne nouvelle"));
  for (const char* chrome :
       {"Publié le", "S’abonner", "Partager", "Les plus lus", "vignerons", "mentions légales"}) {
    CAPTURE(chrome);
    CHECK_FALSE(contains(grid_body, chrome));
  }
  CHECK(names(grid, "person", "Albert Rösti"));

  const auto flood = show(db, flood_id);  // no metadata but the page's own elements
  CHECK(flood["title"] == "Flood warning for the Severn valley");
  CHECK(flood["outlet"] == "Valley Gazette");
  CHECK(flood["published"] == "2024-03-06");
  CHECK(flood["byline"] == "Gareth Price");
  CHECK(flood["section"].is_null());
  CHECK(flood["url"] == flood_url);
  const std::string flood_body = flood["body"];
  CHECK(flood_body.starts_with("The Environment Agency issued a severe flood warning"));
  CHECK(flood_body.ends_with("it is getting worse,\" he said."));
  for (const char* chrome :
       {"By Gareth Price", "Tags:", "Leave a reply", "since 1871", "Letters"}) {
    CAPTURE(chrome);
    CHECK_FALSE(contains(flood_body, chrome));
  }
  CHECK(names(flood, "org", "Environment Agency"));
  CHECK(names(flood, "person", "Mark Davies"));
}

// The fixture pages as a crawler stores them: one WARC, a gzip member per record, with the
// records that are no page (warcinfo, requests, an image, a redirect, a 404) among them.
std::string fixture_crawl() {
  using morgue::test::gzip_member;
  using morgue::test::warc_record;
  using morgue::test::warc_response;
  std::string crawl;
  const auto add = [&](const std::string& record) { crawl += gzip_member(record); };
  add(warc_record("warcinfo", "", "2024-03-07T02:00:00Z", "application/warc-fields",
                  "software: test\r\nformat: WARC File Format 1.1\r\n"));
  add(warc_record("request", kStrike, "2024-03-07T02:00:01Z", "application/http; msgtype=request",
                  "GET /business/2024/03/04/rotterdam-dock-strike HTTP/1.1\r\n\r\n"));
  add(warc_response(kStrike + "?utm_source=rss", "2024-03-07T02:00:02Z",
                    file_bytes(kPages / "harbour-strike.html")));
  add(warc_response("https://courier.example/logo.png", "2024-03-07T02:00:03Z",
                    std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0'), 200, "image/png"));
  add(warc_response("https://journal-du-lac.example/a", "2024-03-07T02:00:04Z", "", 301));
  add(warc_response(kGrid, "2024-03-07T02:00:05Z", file_bytes(kPages / "grid-deal.html"), 200,
                    "text/html"));  // no charset in the header: the page's <meta> decides
  add(warc_response("https://gazette.example/missing", "2024-03-07T02:00:06Z", "Not found", 404));
  add(warc_response("https://gazette.example/news/flood-warning", "2024-03-07T02:00:07Z",
                    file_bytes(kPages / "flood-warning.html")));
  return crawl;
}

}  // namespace

TEST_CASE("a folder of saved pages: every field as the page shows it") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  const auto r = run({index_bin(), "--db", db, kPages.string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(contains(r.err, "indexed 3 (3 added"));
  check_fixture_articles(db, "flood-warning.html", nullptr);
}

TEST_CASE("a WARC crawl: the pages among its records, each by its canonical URL") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  const fs::path crawl = dir.write("crawls/2024-03-07.warc.gz", fixture_crawl());
  const auto r = run({index_bin(), "--db", db, (dir / "crawls").string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(contains(r.err, "indexed 3 (3 added"));
  // Every record is accounted for: 3 pages; warcinfo, a request, an image, a redirect, a 404.
  CHECK(contains(r.err, "; 3 articles from web pages; 5 crawl records hold no page"));
  // The page with no canonical link is known by the URI it was fetched from.
  check_fixture_articles(db, "https://gazette.example/news/flood-warning",
                         "https://gazette.example/news/flood-warning");
  // Facets and filters over what the pages said.
  const auto doc = search_json(db, {"--facets", "section,outlet", ""});
  CHECK(doc["facets"]["section"] ==
        nlohmann::json::parse(R"([{"value":"Business","count":1},{"value":"Économie","count":1},
                                  {"value":"unknown","count":1,"missing":true}])"));
  CHECK(ids_for(db, "section:business") == V{kStrike});
  CHECK(ids_for(db, "section:economie") == V{kGrid});
  CHECK(ids_for(db, "section:unknown") == V{"https://gazette.example/news/flood-warning"});
  CHECK(ids_for(db, "person:\"Niels de Boer\"") == V{kStrike});
  CHECK(ids_for(db, "outlet:\"valley gazette\" flood") ==
        V{"https://gazette.example/news/flood-warning"});

  // The same crawl read again: nothing changes; a later crawl of the same article updates it.
  const auto again = run({index_bin(), "--db", db, (dir / "crawls").string()});
  CHECK(contains(again.err, "3 unchanged"));
}

TEST_CASE("bad pages and broken crawls: one line each with file and offset, nothing lost") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  const std::string crawl = fixture_crawl();
  dir.write("src/crawl.warc.gz", crawl);
  CHECK(run({index_bin(), "--db", db, (dir / "src").string()}).status == 0);
  REQUIRE(ids_for(db, "").size() == 3);

  // Next night: the crawl was cut mid-record, a page holds no article, another is gzipped and
  // cut short, another declares a charset nobody knows.
  dir.write("src/crawl.warc.gz", crawl.substr(0, crawl.size() - 300));
  dir.write("src/index.html", "<html><body><nav><a href=/a>A</a> <a href=/b>B</a></nav></body>");
  const std::string zipped = morgue::test::gzip_member(file_bytes(kPages / "harbour-strike.html"));
  dir.write("src/cut.html.gz", zipped.substr(0, zipped.size() / 2));
  std::string odd = file_bytes(kPages / "flood-warning.html");
  odd.replace(odd.find("utf-8"), 5, "x-klingon");
  odd.replace(odd.find("Flood warning for the Severn valley</h1>"), 13, "Odd charset..");
  dir.write("src/odd.html", odd);
  const auto r = run({index_bin(), "--db", db, (dir / "src").string()});
  INFO(r.err);
  CHECK(r.status == 1);
  const std::string src = (dir / "src").string();
  CHECK(contains(r.err, src + "/crawl.warc.gz: error: gzip data cut short or corrupt"));
  CHECK(contains(r.err, src + "/index.html: error: no article text in the page"));
  CHECK(
      contains(r.err, src + "/cut.html.gz: error: gzip data cut short at compressed byte offset"));
  CHECK(contains(r.err, src + "/odd.html: warning: unknown charset \"x-klingon\""));
  CHECK(contains(r.err, "3 rejected inputs skipped"));
  // The odd page is indexed all the same; the crawl's articles, not seen whole this run, stay.
  const auto every = [&](const std::string& q) {
    return morgue::test::hit_ids(search_json(db, {"--no-collapse", "--limit", "100", q}));
  };
  CHECK(every("severn") == V{"https://gazette.example/news/flood-warning", "odd.html"});
  CHECK(every("rotterdam") == V{kStrike});
  CHECK(every("").size() == 4);

  // A crawl rewritten shorter, cut at a gzip member's end (it reads cleanly, pages fewer):
  // its size says so, and the articles it no longer yields stay this run.
  morgue::test::TempDir shrunk;
  const std::string shrunk_db = (shrunk / "db").string();
  shrunk.write("src/crawl.warc.gz", crawl);
  REQUIRE(run({index_bin(), "--db", shrunk_db, (shrunk / "src").string()}).status == 0);
  const std::string last_member = morgue::test::gzip_member(morgue::test::warc_response(
      "https://gazette.example/news/flood-warning", "2024-03-07T02:00:07Z",
      file_bytes(kPages / "flood-warning.html")));
  REQUIRE(crawl.ends_with(last_member));
  shrunk.write("src/crawl.warc.gz", crawl.substr(0, crawl.size() - last_member.size()));
  const auto smaller = run({index_bin(), "--db", shrunk_db, (shrunk / "src").string()});
  CHECK(contains(smaller.err, "smaller than the"));
  CHECK(contains(smaller.err, "0 deleted"));
  CHECK(ids_for(shrunk_db, "severn") == V{"https://gazette.example/news/flood-warning"});

  // A WARC record cut short, uncompressed: the offset of the record is named.
  morgue::test::TempDir plain;
  const std::string first = morgue::test::warc_response(kStrike, "2024-03-07T02:00:02Z",
                                                        file_bytes(kPages / "harbour-strike.html"));
  const std::string second = morgue::test::warc_response(kGrid, "2024-03-07T02:00:05Z",
                                                         file_bytes(kPages / "grid-deal.html"));
  plain.write("crawl.warc", first + second.substr(0, second.size() / 2));
  const auto cut =
      run({index_bin(), "--db", (plain / "db").string(), (plain / "crawl.warc").string()});
  CHECK(cut.status == 1);
  CHECK(contains(cut.err, "crawl.warc: error: WARC record cut short ("));
  CHECK(contains(cut.err, "at byte offset " + std::to_string(first.size())));
  CHECK(ids_for((plain / "db").string(), "") == V{kStrike});
}

TEST_CASE("two feeds that both number their records 1..N are both indexed, each addressable") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  const auto feed = [](const std::string& outlet, const std::string& topic) {
    std::string out;
    for (int i = 1; i <= 3; ++i) {
      out += "{\"id\": " + std::to_string(i) + ", \"outlet\": \"" + outlet + "\", \"title\": \"" +
             outlet + " story " + std::to_string(i) + "\", \"body\": \"The " + topic +
             " report number " + std::to_string(i) + " from " + outlet + " about " + topic +
             " and other things.\"}\n";
    }
    return out;
  };
  dir.write("feeds/wire/feed.jsonl", feed("Wire", "harvest"));
  dir.write("feeds/local/feed.jsonl", feed("Local", "tramway"));
  const auto r = run({index_bin(), "--db", db, (dir / "feeds").string()});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.err, "indexed 6 (6 added"));
  CHECK(contains(r.err, "; 3 ids another feed holds, qualified by file"));
  CHECK(contains(r.err,
                 "feeds/wire/feed.jsonl:1: warning: id \"1\" is another feed's; this "
                 "file's records whose ids are taken are indexed as "
                 "\"wire/feed.jsonl#1\""));
  // Read in order (local before wire), local keeps the plain ids; wire's are qualified.
  CHECK(ids_for(db, "tramway") == V{"1", "2", "3"});
  CHECK(ids_for(db, "harvest") == V{"wire/feed.jsonl#1", "wire/feed.jsonl#2", "wire/feed.jsonl#3"});
  const auto shown = show(db, "wire/feed.jsonl#2");
  CHECK(shown["title"] == "Wire story 2");
  const auto like = search_json(db, {"--like", "wire/feed.jsonl#2", "--no-collapse"});
  CHECK_FALSE(like["hits"].empty());

  // Next night a third feed arrives, read first: the ids the index gives to the others stay
  // theirs, and every address of last night still answers.
  dir.write("feeds/a-new/feed.jsonl", feed("New", "orchard"));
  const auto again = run({index_bin(), "--db", db, (dir / "feeds").string()});
  INFO(again.err);
  CHECK(contains(again.err, "indexed 3 (3 added"));
  CHECK(contains(again.err, "6 unchanged"));
  CHECK(ids_for(db, "tramway") == V{"1", "2", "3"});
  CHECK(ids_for(db, "harvest") == V{"wire/feed.jsonl#1", "wire/feed.jsonl#2", "wire/feed.jsonl#3"});
  CHECK(ids_for(db, "orchard") ==
        V{"a-new/feed.jsonl#1", "a-new/feed.jsonl#2", "a-new/feed.jsonl#3"});
}
