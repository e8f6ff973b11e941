#include "indexer/read/source_reader.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <sstream>
#include <utility>

#include "tests/support/temp_dir.h"
#include "tests/support/warc.h"

using morgue::Article;

namespace {

struct Read {
  std::vector<Article> articles;
  std::string messages;
  morgue::ReadStats stats;
  std::vector<bool> complete;  // read()'s answer per source
};

Read read_sources(const std::vector<std::filesystem::path>& sources,
                  morgue::ReadOptions options = {}) {
  std::ostringstream messages;
  morgue::Diagnostics diag(&messages);
  morgue::SourceReader reader(std::move(options), diag);
  Read r;
  for (const auto& s : sources) {
    r.complete.push_back(reader.read(s, [&](Article&& a) { r.articles.push_back(a); }));
  }
  reader.finish();
  r.messages = messages.str();
  r.stats = reader.stats();
  return r;
}

}  // namespace

TEST_CASE("a directory with a partial manifest: ids, metadata, headline detection") {
  morgue::test::TempDir dir;
  dir.write("news/a.txt", "Orbán visits Moscow\n\nThe prime minister arrived on Tuesday.\n");
  dir.write("news/sub/b.txt", "No headline here, the story starts at once.\nSecond paragraph.");
  dir.write("news/README.md", "not an article");
  dir.write("news/manifest.jsonl",
            "{\"file\": \"a.txt\", \"outlet\": \"CBC News\", \"published\": "
            "\"2022-02-01T21:30:00Z\"}\n"
            "{\"file\": \"sub/b.txt\"}\n"
            "{\"file\": \"gone.txt\", \"outlet\": \"X\"}\n"
            "not json\n");
  const Read r = read_sources({dir / "news"});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].id == "a.txt");
  CHECK(r.articles[0].title == "Orbán visits Moscow");
  CHECK(r.articles[0].outlet == "CBC News");
  CHECK(r.articles[0].published->iso() == "2022-02-01");
  CHECK(r.articles[1].id == "sub/b.txt");
  CHECK(r.articles[1].title.empty());
  CHECK(r.articles[1].body == "No headline here, the story starts at once.\n\nSecond paragraph.");
  CHECK(r.articles[1].outlet.empty());
  CHECK_FALSE(r.articles[1].published.has_value());
  CHECK(r.stats.ignored_files == 1);
  CHECK(r.messages.find("manifest.jsonl:4: error: manifest line is not a JSON object") !=
        std::string::npos);
  CHECK(r.messages.find("manifest.jsonl:3: warning: manifest names ") != std::string::npos);
}

TEST_CASE("a manifest in a subfolder describes the files of that folder") {
  morgue::test::TempDir dir;
  dir.write("srv/articles/2022-02/a.txt", "Lavrov warns West\n\nThe minister spoke.\n");
  dir.write("srv/articles/2022-02/manifest.jsonl",
            "{\"file\": \"a.txt\", \"outlet\": \"Toronto Star\", \"published\": "
            "\"2022-02-01T22:30:00-05:00\"}\n");
  dir.write("srv/articles/2022-03/b.txt", "Talks stall\n\nNothing moved.\n");
  dir.write("srv/articles/2022-03/manifest.jsonl", "{\"file\": \"b.txt\", \"outlet\": \"CBC\"}\n");
  const Read r = read_sources({dir / "srv/articles"});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].id == "2022-02/a.txt");
  CHECK(r.articles[0].outlet == "Toronto Star");
  // Filed under its own day, not the UTC day after it.
  REQUIRE(r.articles[0].published.has_value());
  CHECK(r.articles[0].published->iso() == "2022-02-01");
  CHECK(r.articles[0].published_utc_minutes.has_value());
  CHECK(r.articles[1].outlet == "CBC");
  CHECK(r.messages.find("manifest names") == std::string::npos);
}

TEST_CASE("bad files are reported with their path and skipped; good ones are read") {
  morgue::test::TempDir dir;
  dir.write("c/empty.txt", "");
  dir.write("c/bad.txt", "Title line\n\nOrb\xE1n and caf\xC3\xA9 \xFF.\n");
  dir.write("c/bin.txt", std::string("\x7F"
                                     "ELF\0\0\0",
                                     7));
  dir.write("c/good.txt", "Fine story here\n\nAll good.\n");
  const Read r = read_sources({dir / "c"});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].id == "bad.txt");
  CHECK(r.articles[0].body == "Orb\xEF\xBF\xBDn and caf\xC3\xA9 \xEF\xBF\xBD.");
  CHECK(r.articles[1].id == "good.txt");
  CHECK(r.stats.rejected == 2);
  CHECK(r.complete == std::vector<bool>{true});  // rejected for content, not unreadable
  CHECK(r.messages.find("bad.txt: warning: invalid UTF-8 at byte offset 15") != std::string::npos);
  CHECK(r.messages.find("empty.txt: error: empty file; skipped") != std::string::npos);
  CHECK(r.messages.find("bin.txt: error: binary data") != std::string::npos);
}

TEST_CASE("JSONL records: fields, fallbacks and per-line errors") {
  morgue::test::TempDir dir;
  const auto file = dir.write(
      "feed.jsonl",
      "{\"id\": \"r1\", \"title\": \"T1\", \"body\": \"Body one.\", \"outlet\": \"Reuters\", "
      "\"published\": \"Tue, 01 Feb 2022 10:00:00 GMT\", \"url\": \"https://x.example/1\"}\n"
      "\n"
      "{\"id\": 42, \"body\": \"Numeric id.\"}\n"
      "{\"body\": \"No id.\"}\n"
      "{\"id\": \"r4\"}\n"
      "{\"id\": \"r5\", \"body\": 7}\n"
      "[1, 2]\n"
      "{\"id\": \"r7\", \"body\": \"Bad date.\", \"published\": \"someday\"}\n"
      "{broken\n");
  const Read r = read_sources({file});
  REQUIRE(r.articles.size() == 4);
  CHECK(r.articles[0].id == "r1");
  CHECK(r.articles[0].title == "T1");
  CHECK(r.articles[0].published->iso() == "2022-02-01");
  CHECK(r.articles[0].url == "https://x.example/1");
  CHECK(r.articles[1].id == "42");
  CHECK(r.articles[2].id == "feed.jsonl:4");
  CHECK(r.articles[3].id == "r7");
  CHECK_FALSE(r.articles[3].published.has_value());
  CHECK(r.stats.rejected == 4);
  for (const char* expected : {"feed.jsonl:4: warning: record has no \"id\"",
                               "feed.jsonl:5: error: missing required \"body\"; record skipped",
                               "feed.jsonl:6: error: \"body\" must be a string; record skipped",
                               "feed.jsonl:7: error: not a JSON object; record skipped",
                               "feed.jsonl:8: warning: unrecognised date \"someday\"",
                               "feed.jsonl:9: error: not valid JSON; record skipped"}) {
    CAPTURE(expected);
    CHECK(r.messages.find(expected) != std::string::npos);
  }
}

TEST_CASE("a missing source is an error, not a crash") {
  morgue::test::TempDir dir;
  const Read r = read_sources({dir / "nope"});
  CHECK(r.articles.empty());
  CHECK(r.stats.rejected == 1);
  CHECK(r.complete == std::vector<bool>{false});
  CHECK(r.messages.find("nope: error: no such file or directory") != std::string::npos);
}

TEST_CASE("gzipped JSONL is read like plain JSONL") {
  morgue::test::TempDir dir;
  const auto file = dir / "feed.jsonl.gz";
  gzFile gz = gzopen(file.c_str(), "wb");
  REQUIRE(gz != nullptr);
  const std::string lines =
      "{\"id\": \"z1\", \"body\": \"Compressed one.\"}\n"
      "{broken\n"
      "{\"id\": \"z2\", \"body\": \"Compressed two.\"}\n";
  gzwrite(gz, lines.data(), static_cast<unsigned>(lines.size()));
  gzclose(gz);
  const Read r = read_sources({file});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].id == "z1");
  CHECK(r.articles[1].body == "Compressed two.");
  CHECK(r.messages.find("feed.jsonl.gz:2: error: not valid JSON") != std::string::npos);

  dir.write("corrupt.jsonl.gz", std::string("\x1f\x8b\x08\x00garbage", 12));
  const Read bad = read_sources({dir / "corrupt.jsonl.gz"});
  CHECK(bad.articles.empty());
  CHECK(bad.stats.rejected == 1);
  CHECK(bad.complete == std::vector<bool>{false});  // its unread records must not be deleted
  // A line that is no record may have held any article: the SOURCE is not read whole.
  CHECK(r.complete == std::vector<bool>{false});
  CHECK(bad.messages.find("corrupt.jsonl.gz:1: error: corrupt compressed data") !=
        std::string::npos);
}

TEST_CASE("--manifest: metadata for files given directly, paths relative to the manifest") {
  morgue::test::TempDir dir;
  const auto a = dir.write("articles/a.txt", "A headline here\n\nText.\n");
  const auto manifest = dir.write("meta/manifest.jsonl",
                                  "{\"file\": \"../articles/a.txt\", \"outlet\": \"Side Car\"}\n");
  morgue::ReadOptions options;
  options.manifest = manifest;
  const Read r = read_sources({a}, options);
  REQUIRE(r.articles.size() == 1);
  CHECK(r.articles[0].id == "a.txt");
  CHECK(r.articles[0].outlet == "Side Car");
  CHECK(r.messages.empty());
}

namespace {

std::string saved_page(const std::string& headline, const std::string& canonical,
                       const std::string& extra_head = "") {
  std::string page = "<html lang=en><head><title>" + headline + " - The Courier</title>" +
                     "<meta property=og:site_name content=\"The Courier\">" + extra_head;
  if (!canonical.empty()) page += "<link rel=canonical href=\"" + canonical + "\">";
  page += "</head><body><nav><a href=/>Home</a> <a href=/world>World</a></nav><article><h1>" +
          headline + "</h1>";
  for (int i = 0; i < 4; ++i)
    page +=
        "<p>Officials in Brussels said on Monday, after long talks, that the plan would go "
        "ahead.</p>";
  return page + "</article><footer>Copyright, all rights reserved.</footer></body></html>";
}

// Two response records of a crawl, the pages "Plan" and "Next", a second apart.
std::pair<std::string, std::string> two_crawl_records() {
  return {morgue::test::warc_response("https://courier.example/plan", "2024-03-04T09:00:02Z",
                                      saved_page("Plan", "")),
          morgue::test::warc_response("https://courier.example/next", "2024-03-04T09:00:03Z",
                                      saved_page("Next", ""))};
}

}  // namespace

TEST_CASE("saved pages in a folder: the article, its metadata, the manifest over the page") {
  morgue::test::TempDir dir;
  dir.write("crawl/a.html", saved_page("Plan goes ahead", "https://courier.example/plan",
                                       "<meta property=article:published_time "
                                       "content=2024-03-04T10:00:00Z>"));
  dir.write("crawl/b.htm", saved_page("Second story", ""));
  dir.write("crawl/c.html.gz", morgue::test::gzip_member(saved_page("Zipped story", "")));
  dir.write("crawl/manifest.jsonl",
            "{\"file\": \"b.htm\", \"outlet\": \"Wire\", \"published\": "
            "\"2024-03-05\", \"title\": \"Manifest title\"}\n");
  const Read r = read_sources({dir / "crawl"});
  CHECK(r.messages == "");
  REQUIRE(r.articles.size() == 3);
  const Article& a = r.articles[0];
  CHECK(a.id == "https://courier.example/plan");  // its canonical URL
  CHECK(a.url == "https://courier.example/plan");
  CHECK(a.title == "Plan goes ahead");
  CHECK(a.outlet == "The Courier");
  CHECK(a.published->iso() == "2024-03-04");
  CHECK(a.body.starts_with("Officials in Brussels"));
  CHECK(a.body.find("Home") == std::string::npos);
  CHECK(a.body.find("Copyright") == std::string::npos);
  const Article& b = r.articles[1];
  CHECK(b.id == "b.htm");  // no canonical URL: its path
  CHECK(b.outlet == "Wire");
  CHECK(b.title == "Manifest title");
  CHECK(b.published->iso() == "2024-03-05");
  CHECK(r.articles[2].id == "c.html.gz");
  CHECK(r.articles[2].title == "Zipped story");
  CHECK(r.stats.pages == 3);
  CHECK(r.complete[0]);
}

TEST_CASE("the same article saved twice is one id; bad pages are reported and counted") {
  morgue::test::TempDir dir;
  dir.write("crawl/2024-03-04/plan.html", saved_page("Plan", "https://courier.example/plan"));
  dir.write("crawl/2024-03-05/plan.html",
            saved_page("Plan, updated", "https://courier.example/plan"));
  dir.write("crawl/index.html", "<html><body><nav><a href=/a>A</a></nav></body></html>");
  const std::string zipped = morgue::test::gzip_member(saved_page("Cut", ""));
  dir.write("crawl/cut.html.gz", zipped.substr(0, zipped.size() / 2));
  const Read r = read_sources({dir / "crawl"});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].id == r.articles[1].id);  // the later one replaces the earlier
  CHECK(r.messages.find("index.html: error: no article text in the page") != std::string::npos);
  CHECK(r.messages.find("cut.html.gz: error: gzip data cut short at compressed byte offset") !=
        std::string::npos);
  CHECK(r.stats.rejected == 2);
  // A page that could not be read may be an article known by its canonical URL: nothing of
  // the source is taken as deleted this run.
  CHECK_FALSE(r.complete[0]);
}

TEST_CASE("a crawl: response records with pages become articles, the rest is passed over") {
  morgue::test::TempDir dir;
  using morgue::test::warc_record;
  using morgue::test::warc_response;
  const std::string records[] = {
      warc_record("warcinfo", "", "2024-03-04T09:00:00Z", "application/warc-fields", "x: y\r\n"),
      warc_record("request", "https://courier.example/plan", "2024-03-04T09:00:01Z",
                  "application/http; msgtype=request", "GET /plan HTTP/1.1\r\n\r\n"),
      warc_response("https://courier.example/plan?utm=x", "2024-03-04T09:00:02Z",
                    saved_page("Plan goes ahead", "https://courier.example/plan")),
      warc_response("https://courier.example/logo.png", "2024-03-04T09:00:03Z", "\x89PNG", 200,
                    "image/png"),
      warc_response("https://courier.example/old", "2024-03-04T09:00:04Z", "moved", 301),
      warc_response("https://courier.example/no-canonical", "2024-03-06T09:00:05Z",
                    saved_page("Undated story", "")),
  };
  std::string plain, gz;
  for (const auto& rec : records) {
    plain += rec;
    gz += morgue::test::gzip_member(rec);
  }
  dir.write("a/crawl.warc", plain);
  dir.write("b/crawl.warc.gz", gz);
  for (const char* source : {"a/crawl.warc", "b/crawl.warc.gz"}) {
    CAPTURE(source);
    const Read r = read_sources({dir / source});
    CHECK(r.messages == "");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].id == "https://courier.example/plan");
    CHECK(r.articles[0].title == "Plan goes ahead");
    CHECK(r.articles[0].source.ends_with("crawl.warc" + std::string(source[0] == 'b' ? ".gz" : "") +
                                         "@" +
                                         std::to_string(records[0].size() + records[1].size())));
    CHECK(r.articles[1].id == "https://courier.example/no-canonical");  // its target URI
    CHECK(r.articles[1].published->iso() == "2024-03-06");  // the fetch's day, none better
    CHECK(r.stats.crawl_records_passed == 4);
    CHECK(r.complete[0]);
  }
}

TEST_CASE("a crawl cut short: what was read is kept, the error names the offset") {
  morgue::test::TempDir dir;
  const auto [first, second] = two_crawl_records();
  dir.write("crawl.warc", first + second.substr(0, second.size() / 2));
  const Read r = read_sources({dir / "crawl.warc"});
  REQUIRE(r.articles.size() == 1);
  CHECK(r.messages.find("WARC record cut short") != std::string::npos);
  CHECK(r.messages.find("at byte offset " + std::to_string(first.size())) != std::string::npos);
  CHECK_FALSE(r.complete[0]);
}

TEST_CASE("sections from JSONL records and manifest lines") {
  morgue::test::TempDir dir;
  dir.write(
      "src/feed.jsonl",
      "{\"id\": \"a\", \"section\": \"Sport\", \"byline\": \"Ann Lee\", \"language\": \"en\", "
      "\"body\": \"Derby ends level.\"}\n"
      "{\"id\": \"b\", \"section\": 7, \"body\": \"x\"}\n");
  dir.write("src/b.txt", "Council meets\n\nThe council met on Monday to vote.\n");
  dir.write("src/manifest.jsonl", "{\"file\": \"b.txt\", \"section\": \"City\"}\n");
  const Read r = read_sources({dir / "src"});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].id == "b.txt");
  CHECK(r.articles[0].section == "City");
  CHECK(r.articles[1].section == "Sport");
  CHECK(r.articles[1].byline == "Ann Lee");
  CHECK(r.articles[1].language == "en");
  CHECK(r.messages.find("feed.jsonl:2: error: \"section\" must be a string") != std::string::npos);
}

TEST_CASE("a crawl smaller than the last run read it keeps its SOURCE's articles, as a feed does") {
  morgue::test::TempDir dir;
  const auto [first, second] = two_crawl_records();
  // Cut at a gzip member's end: it reads cleanly, one page short.
  dir.write("crawl.warc.gz", morgue::test::gzip_member(first) + morgue::test::gzip_member(second));
  morgue::ReadOptions options;
  const Read whole = read_sources({dir / "crawl.warc.gz"}, options);
  REQUIRE(whole.articles.size() == 2);
  CHECK(whole.complete[0]);
  std::ostringstream messages;
  morgue::Diagnostics diag(&messages);
  morgue::SourceReader reader({}, diag);
  (void)reader.read(dir / "crawl.warc.gz", [](Article&&) {});
  options.previous_sizes = reader.file_sizes();
  dir.write("crawl.warc.gz", morgue::test::gzip_member(first));
  const Read cut = read_sources({dir / "crawl.warc.gz"}, options);
  CHECK(cut.articles.size() == 1);
  CHECK_FALSE(cut.complete[0]);  // nothing of it is taken as deleted this run
  CHECK(cut.messages.find("smaller than the") != std::string::npos);
}
