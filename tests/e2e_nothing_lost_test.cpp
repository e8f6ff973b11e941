// End-to-end: what a nightly run meets must never lose or destroy articles (issue #18): a
// stub the indexer did not write, input cut or unreadable this run, rebuilds from other
// sources, manifests naming files elsewhere, file names that are not UTF-8.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"

using morgue::test::contains;
using morgue::test::ids_for;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_bin;

namespace fs = std::filesystem;

namespace {

std::string record(int n) {
  return "{\"id\": \"r" + std::to_string(n) + "\", \"title\": \"Story " + std::to_string(n) +
         "\", \"body\": \"Report number " + std::to_string(n) + " on grain harvest prices.\"}\n";
}

std::string records(int from, int to) {
  std::string out;
  for (int n = from; n < to; ++n) out += record(n);
  return out;
}

std::size_t articles(const std::string& db) {
  return morgue::test::search_json(db, {"--limit", "0", ""}, morgue::test::kAnyStatus)
      .at("total")
      .get<std::size_t>();
}

}  // namespace

TEST_CASE("a stub morgue did not write is refused before anything is removed or written") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("src/feed.jsonl", records(0, 20));
  // One shard: its stub is the one line the repair message names.
  REQUIRE(run({index_bin(), "--db", db, "--shards", "1", (dir / "src").string()}).status == 0);
  fs::create_directory(dir / "other");
  fs::create_directory(dir / "other" / "gen-000001");
  const std::string live = (dir / "idx" / "gen-000001").string();
  REQUIRE(fs::exists(live));
  for (const std::string& stub :
       {"auto " + live + "\n", std::string("auto ./gen-000001\n"), std::string("garbage\n"),
        std::string("auto ../other/gen-000001\n"), "auto " + (dir / "other").string() + "\n"}) {
    CAPTURE(stub);
    dir.write("idx/XAPIANDB", stub);
    const auto r = run({index_bin(), "--db", db, (dir / "src").string()});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "changed nothing"));
    CHECK(contains(r.err, "write the line 'auto gen-NNNNNN'"));
    CHECK(fs::exists(live));
    CHECK(fs::exists(dir / "other" / "gen-000001"));
    CHECK(fs::is_empty(dir / "other" / "gen-000001"));
    CHECK_FALSE(fs::exists(dir / "other" / "flintlock"));
  }
  // The repair the message names works, and nothing was lost. A CRLF stub reads too.
  dir.write("idx/XAPIANDB", "auto gen-000001\r\n");
  CHECK(articles(db) == 20);
  const auto repaired = run({index_bin(), "--db", db, (dir / "src").string()});
  CHECK(repaired.status == 0);
  CHECK(articles(db) == 20);
}

TEST_CASE("input that is cut or unreadable this run keeps its articles") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("feed/a.jsonl", records(0, 100));
  dir.write("text/one.txt", "Grain report\n\nThe harvest came in early this year.\n");
  dir.write("text/two.txt", "Coffee report\n\nPrices rose again on Monday.\n");
  REQUIRE(run({index_bin(), "--db", db, (dir / "feed").string(), (dir / "text").string()}).status ==
          0);
  REQUIRE(articles(db) == 102);

  // A feed cut mid-line by its writer: the records after the cut are not gone.
  std::string cut = records(0, 90) + record(90).substr(0, 30);
  dir.write("feed/a.jsonl", cut);
  auto r = run({index_bin(), "--db", db, (dir / "feed").string(), (dir / "text").string()});
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK(contains(r.err, "0 deleted"));
  CHECK(articles(db) == 102);

  // A text file that became empty, or NUL bytes only: its article stays.
  dir.write("text/one.txt", "");
  dir.write("text/two.txt", std::string(64, '\0'));
  r = run({index_bin(), "--db", db, (dir / "feed").string(), (dir / "text").string()});
  CHECK(r.status == 1);
  CHECK(contains(r.err, "0 deleted"));
  CHECK(articles(db) == 102);

  // The next complete read decides: the feed whole again, one text file really gone.
  dir.write("feed/a.jsonl", records(0, 100));
  dir.write("text/one.txt", "Grain report\n\nThe harvest came in early this year.\n");
  fs::remove(dir / "text/two.txt");
  r = run({index_bin(), "--db", db, (dir / "feed").string(), (dir / "text").string()});
  CHECK(r.status == 0);
  CHECK(contains(r.err, "1 deleted"));
  CHECK(articles(db) == 101);
}

TEST_CASE("a rebuild is guarded by the articles it would lose, not by their count") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("a/feed.jsonl", records(0, 100));
  dir.write("b/feed.jsonl", records(100, 110));
  REQUIRE(run({index_bin(), "--db", db, (dir / "a").string(), (dir / "b").string()}).status == 0);
  // As many articles, all of them others: the archive must not be replaced.
  dir.write("c/feed.jsonl", records(500, 610));
  auto r = run({index_bin(), "--db", db, "--rebuild", (dir / "c").string()});
  INFO(r.err);
  CHECK(r.status == 3);
  CHECK(contains(r.err, "would remove 110 of 110 articles"));
  CHECK(ids_for(db, "").front() == "r0");
  CHECK(articles(db) == 110);
  // A source missing this run: its articles (under the 20% limit) must not be dropped.
  fs::remove_all(dir / "b");
  r = run({index_bin(), "--db", db, "--rebuild", (dir / "a").string(), (dir / "b").string()});
  CHECK(r.status == 3);
  CHECK(contains(r.err, "could not read"));
  CHECK(articles(db) == 110);
  // With the source back the rebuild goes through and loses nothing.
  dir.write("b/feed.jsonl", records(100, 110));
  r = run({index_bin(), "--db", db, "--rebuild", (dir / "a").string(), (dir / "b").string()});
  CHECK(r.status == 0);
  CHECK(contains(r.err, "0 deleted"));
  CHECK(articles(db) == 110);
}

TEST_CASE("a manifest describes files under its own folder only") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("one/a.txt", "Grain report\n\nThe harvest came in early.\n");
  dir.write("two/b.txt", "Coffee report\n\nPrices rose again.\n");
  dir.write("two/manifest.jsonl",
            "{\"file\": \"../one/a.txt\", \"outlet\": \"Evil\", \"published\": \"1999-01-01\"}\n"
            "{\"file\": \"" +
                (dir / "one/a.txt").string() +
                "\", \"outlet\": \"Evil\"}\n"
                "{\"file\": \"b.txt\", \"outlet\": \"CBC News\"}\n");
  const auto r = run({index_bin(), "--db", db, (dir / "one").string(), (dir / "two").string()});
  CHECK(contains(r.err, "must be a path inside the manifest's folder"));
  CHECK(ids_for(db, "outlet:Evil").empty());
  CHECK(ids_for(db, "outlet:\"CBC News\"") == std::vector<std::string>{"b.txt"});
}

TEST_CASE("a file name that is not UTF-8 is indexed under an escaped id; the run goes on") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("src/caf\xe9.txt", "Cafe report\n\nCoffee prices rose again.\n");
  dir.write("src/good.txt", "Grain report\n\nThe harvest came in early.\n");
  const auto r = run({index_bin(), "--db", db, (dir / "src").string()});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(ids_for(db, "") == std::vector<std::string>{"caf%E9.txt", "good.txt"});
  // The same id on the next run: nothing rewritten.
  const auto again = run({index_bin(), "--db", db, (dir / "src").string()});
  CHECK(contains(again.err, "indexed 0 (0 added, 0 updated), 2 unchanged"));
}

TEST_CASE("terminal control sequences in articles, ids and file names never reach the terminal") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  // Clear screen, a window title, an OSC 52 clipboard write, a C1 CSI.
  const std::string nasty =
      "\x1b[2J\x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07\xc2\x9b"
      "31m";
  dir.write("src/feed.jsonl",
            "{\"id\": \"id" + std::string("\\u001b[2J") + "\", \"title\": \"Grain " +
                std::string("\\u001b]0;owned\\u0007") + "report\", \"body\": \"Harvest prices " +
                std::string("\\u001b]52;c;ZXZpbA==\\u0007 \\u009b31m") + " rose.\"}\n{broken " +
                nasty + "\n");
  dir.write("src/evil\x1b[2J.txt", "Coffee report\n\nPrices of coffee rose " + nasty + " again.\n");
  const auto indexed = run({index_bin(), "--db", db, (dir / "src").string()});
  CHECK(indexed.err.find('\x1b') == std::string::npos);
  CHECK(indexed.err.find("\xc2\x9b") == std::string::npos);
  const auto listed = run({search_bin(), "--db", db, "--color", "never", "coffee"});
  CHECK(listed.out.find("evil\\x1B[2J.txt") != std::string::npos);  // shown, escaped
  for (const char* color : {"never", "always"}) {
    for (const char* q : {"harvest", "coffee", "\x1b[2J"}) {
      CAPTURE(color);
      CAPTURE(q);
      const auto r = run({search_bin(), "--db", db, "--color", color, "--facets", "outlet", q});
      std::string out = r.out + r.err;
      // Our own highlighting is the only escape sequence allowed.
      for (const char* ours : {"\x1b[1;31m", "\x1b[1m", "\x1b[2m", "\x1b[0m"}) {
        for (auto at = out.find(ours); at != std::string::npos; at = out.find(ours)) {
          out.erase(at, std::string(ours).size());
        }
      }
      CHECK(out.find('\x1b') == std::string::npos);
      CHECK(out.find('\x07') == std::string::npos);
      CHECK(out.find("\xc2\x9b") == std::string::npos);
    }
  }
}

TEST_CASE(
    "a first run killed in its first milliseconds, or racing another, leaves a usable index") {
  morgue::test::TempDir dir;
  dir.write("src/feed.jsonl", records(0, 300));
  std::mt19937 rng(18);
  int killed = 0;
  for (int round = 0; round < 30; ++round) {
    const std::string db = (dir / ("k" + std::to_string(round))).string();
    auto child = morgue::test::spawn({index_bin(), "--db", db, "--quiet", (dir / "src").string()});
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, 30000)(rng)));
    if (child.kill_and_wait(9).status == 128 + 9) ++killed;
    const auto next = run({index_bin(), "--db", db, "--quiet", (dir / "src").string()});
    CAPTURE(round);
    INFO(next.err);
    CHECK(next.status == 0);
    CHECK(articles(db) == 300);
  }
  MESSAGE(killed << " of 30 first runs were killed mid-run");
  // Two first runs at once: one indexes, the other is told the index is busy (75), or waits.
  for (int round = 0; round < 5; ++round) {
    const std::string db = (dir / ("c" + std::to_string(round))).string();
    auto a = morgue::test::spawn({index_bin(), "--db", db, "--quiet", (dir / "src").string()});
    auto b = morgue::test::spawn({index_bin(), "--db", db, "--quiet", (dir / "src").string()});
    const auto first_a = a.finish(), first_b = b.finish();
    INFO(first_a.err << first_b.err);
    std::vector<int> statuses{first_a.status, first_b.status};
    std::sort(statuses.begin(), statuses.end());
    CHECK((statuses == std::vector<int>{0, 75} || statuses == std::vector<int>{0, 0}));
    auto c = morgue::test::spawn(
        {index_bin(), "--db", db + "w", "--wait", "--quiet", (dir / "src").string()});
    auto d = morgue::test::spawn(
        {index_bin(), "--db", db + "w", "--wait", "--quiet", (dir / "src").string()});
    const auto waited_c = c.finish(), waited_d = d.finish();
    INFO(waited_c.err << waited_d.err);
    CHECK(waited_c.status == 0);
    CHECK(waited_d.status == 0);
    CHECK(articles(db) == 300);
    CHECK(articles(db + "w") == 300);
  }
}

TEST_CASE("one source never replaces another's articles by reusing their ids; both are kept") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("wire/feed.jsonl", records(0, 10));
  std::string other;
  for (int n = 0; n < 10; ++n) {
    other += "{\"id\": \"r" + std::to_string(n) + "\", \"body\": \"Another outlet's story " +
             std::to_string(n) + " about coffee.\"}\n";
  }
  dir.write("blog/feed.jsonl", other);
  REQUIRE(run({index_bin(), "--db", db, (dir / "wire").string()}).status == 0);
  // A nightly job for the other feed, numbered 0..9 too: both feeds are indexed, the blog's
  // records under ids qualified by their file.
  auto r = run({index_bin(), "--db", db, (dir / "blog").string()});
  CHECK(r.status == 0);
  CHECK(contains(r.err, "id \"r0\" is another feed's"));
  CHECK(ids_for(db, "harvest").size() == 10);  // the wire's articles stand
  const auto coffee = ids_for(db, "coffee");
  REQUIRE(coffee.size() == 10);
  CHECK(coffee.front() == "blog/feed.jsonl#r0");
  // Run after run, nothing changes hands.
  REQUIRE(run({index_bin(), "--db", db, (dir / "wire").string()}).status == 0);
  REQUIRE(run({index_bin(), "--db", db, (dir / "blog").string()}).status == 0);
  CHECK(ids_for(db, "harvest").size() == 10);
  CHECK(ids_for(db, "coffee") == coffee);
  // A source that moved (its old path is gone) takes its articles along.
  fs::rename(dir / "wire", dir / "wire-2022");
  r = run({index_bin(), "--db", db, (dir / "wire-2022").string()});
  CHECK(r.status == 0);
  CHECK(ids_for(db, "harvest").size() == 10);
  CHECK(ids_for(db, "coffee") == coffee);
}

TEST_CASE("an index that lost its positions refuses phrases instead of answering them wrong") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("src/feed.jsonl", records(0, 5));
  REQUIRE(run({index_bin(), "--db", db, (dir / "src").string()}).status == 0);
  CHECK(ids_for(db, "\"prices harvest\"").empty());  // the words are there, not in that order
  for (const auto& e : fs::recursive_directory_iterator(dir / "idx")) {
    if (e.path().filename() == "position.glass") fs::remove(e.path());
  }
  const auto phrase = run({morgue::test::search_bin(), "--db", db, "\"prices harvest\""});
  CHECK(phrase.status == 2);
  CHECK(contains(phrase.err, "no word positions"));
  const auto near = run({morgue::test::search_bin(), "--db", db, "grain NEAR harvest"});
  CHECK(near.status == 2);
  // Other queries still work.
  CHECK(run({morgue::test::search_bin(), "--db", db, "harvest"}).status == 0);
}

TEST_CASE("a feed cut short at a gzip member's end keeps its articles until a run confirms it") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  // Twelve gzip members of 100 records each, as a writer appending hourly makes them.
  for (int m = 0; m < 12; ++m)
    dir.write("parts/" + std::to_string(m), records(m * 100, m * 100 + 100));
  const auto gzip_members = [&](int count) {
    std::string script = "rm -f '" + (dir / "src/feed.jsonl.gz").string() + "'; mkdir -p '" +
                         (dir / "src").string() + "'";
    for (int m = 0; m < count; ++m) {
      script += "; gzip -c '" + (dir / "parts" / std::to_string(m)).string() + "' >> '" +
                (dir / "src/feed.jsonl.gz").string() + "'";
    }
    REQUIRE(run({"/bin/sh", "-c", script}).status == 0);
  };
  gzip_members(12);
  REQUIRE(run({index_bin(), "--db", db, (dir / "src").string()}).status == 0);
  REQUIRE(articles(db) == 1200);
  gzip_members(11);  // cut at the end of member 11: a valid gzip file
  auto r = run({index_bin(), "--db", db, (dir / "src").string()});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.err, "smaller than the"));
  CHECK(contains(r.err, "0 deleted"));
  CHECK(articles(db) == 1200);
  // The next run finds it the same size: the file really is shorter now.
  r = run({index_bin(), "--db", db, (dir / "src").string()});
  CHECK(r.status == 0);
  CHECK(contains(r.err, "100 deleted"));
  CHECK(articles(db) == 1100);
}

namespace {

// The article view of `id` (morgue-search --show --json).
nlohmann::json shown(const std::string& db, const std::string& id) {
  const auto r = run({search_bin(), "--db", db, "--show", id, "--json"});
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  return nlohmann::json::parse(r.out);
}

std::string manifest_line(const std::string& file, const std::string& outlet,
                          const std::string& day, const std::string& url = "null") {
  return "{\"file\": \"" + file + "\", \"outlet\": \"" + outlet + "\", \"published\": \"" + day +
         "\", \"url\": " + url + "}\n";
}

}  // namespace

TEST_CASE("null optional fields are absent fields, in records and manifests") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("feed/a.jsonl",
            "{\"id\": \"n1\", \"title\": null, \"outlet\": null, \"published\": null, \"url\": "
            "null, \"body\": \"Grain prices rose on Monday.\"}\n" +
                record(2));
  dir.write("news/manifest.jsonl", manifest_line("a.txt", "Daily", "2022-02-01") +
                                       manifest_line("b.txt", "Weekly", "2022-02-02", "null") +
                                       manifest_line("c.txt", "Monthly", "2022-02-03"));
  for (const char* f : {"a", "b", "c"}) {
    dir.write(std::string("news/") + f + ".txt",
              std::string("Headline ") + f + "\n\nThe council met on grain prices.\n");
  }
  const auto first =
      run({index_bin(), "--db", db, (dir / "feed").string(), (dir / "news").string()});
  INFO("stderr: " << first.err);
  CHECK(first.status == 0);
  CHECK(articles(db) == 5);
  CHECK(shown(db, "n1").at("title").is_null());
  CHECK(shown(db, "b.txt").at("outlet") == "Weekly");
  CHECK(shown(db, "b.txt").at("published") == "2022-02-02");
  // And every later run reads them the same.
  const auto again =
      run({index_bin(), "--db", db, (dir / "feed").string(), (dir / "news").string()});
  CHECK(again.status == 0);
  CHECK(contains(again.err, "0 updated"));
}

TEST_CASE(
    "a bad manifest line, or a manifest that cannot be read, leaves its articles as they were") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  const std::string good = manifest_line("a.txt", "Daily", "2022-02-01") +
                           manifest_line("b.txt", "Weekly", "2022-02-02") +
                           manifest_line("c.txt", "Monthly", "2022-02-03");
  dir.write("news/manifest.jsonl", good);
  for (const char* f : {"a", "b", "c"}) {
    dir.write(std::string("news/") + f + ".txt",
              std::string("Headline ") + f + "\n\nThe council met on grain prices.\n");
  }
  REQUIRE(run({index_bin(), "--db", db, (dir / "news").string()}).status == 0);

  // b's line now has an outlet of the wrong type: an error for that line alone.
  dir.write("news/manifest.jsonl", manifest_line("a.txt", "Daily", "2022-02-01") +
                                       "{\"file\": \"b.txt\", \"outlet\": 5}\n" +
                                       manifest_line("c.txt", "Monthly", "2022-02-03"));
  const auto bad_line = run({index_bin(), "--db", db, (dir / "news").string()});
  INFO("stderr: " << bad_line.err);
  CHECK(bad_line.status == 1);
  CHECK(contains(bad_line.err, "manifest.jsonl:2: error: \"outlet\" must be a string"));
  CHECK(contains(bad_line.err, "0 updated"));
  CHECK(shown(db, "b.txt").at("outlet") == "Weekly");
  CHECK(shown(db, "a.txt").at("outlet") == "Daily");

  // A manifest that cannot be read at all (here a FIFO: reading it would block the run).
  fs::remove(dir / "news/manifest.jsonl");
  REQUIRE(mkfifo((dir / "news/manifest.jsonl").c_str(), 0600) == 0);
  const auto unread =
      run({"/usr/bin/timeout", "60", index_bin(), "--db", db, (dir / "news").string()});
  INFO("stderr: " << unread.err);
  CHECK(unread.status == 1);
  CHECK(contains(unread.err, "is a FIFO, not a regular file"));
  CHECK(contains(unread.err, "0 updated"));
  CHECK(contains(unread.err, "0 deleted"));
  for (const char* f : {"a.txt", "b.txt", "c.txt"}) CHECK(!shown(db, f).at("outlet").is_null());
  CHECK(shown(db, "c.txt").at("published") == "2022-02-03");
}

TEST_CASE("input that is not a regular file is reported, never waited on or read forever") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  dir.write("src/feed.jsonl", records(0, 10));
  REQUIRE(mkfifo((dir / "src/pipe.txt").c_str(), 0600) == 0);
  REQUIRE(mkfifo((dir / "src/pipe.jsonl").c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", dir / "zero.jsonl");
  fs::create_symlink("/dev/urandom", dir / "random.jsonl");
  const auto r = run({"/usr/bin/timeout", "60", index_bin(), "--db", db, (dir / "src").string(),
                      (dir / "zero.jsonl").string(), (dir / "random.jsonl").string()});
  INFO("stderr: " << r.err);
  CHECK(r.status == 1);
  CHECK(contains(r.err, "pipe.txt: error: is a FIFO, not a regular file; skipped"));
  CHECK(contains(r.err, "pipe.jsonl: error: is a FIFO, not a regular file; skipped"));
  CHECK(contains(r.err, "zero.jsonl: error: is a character device, not a regular file"));
  CHECK(contains(r.err, "random.jsonl: error: is a character device, not a regular file"));
  CHECK(articles(db) == 10);
}

TEST_CASE("a huge record, a line without end, a file of noise: bounded errors, the rest indexed") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "idx").string();
  // 20 MB on one line, over the 16 MiB default record cap, between good records.
  dir.write("src/a.jsonl", record(0) + "{\"id\": \"big\", \"body\": \"" +
                               std::string(20'000'000, 'x') + "\"}\n" + record(1));
  // Random bytes: a few newlines, many bad records; the file is given up on after 100 in a row.
  std::mt19937 noise(7);
  std::string random_bytes(4'000'000, '\0');
  for (char& c : random_bytes) c = static_cast<char>(noise() % 256);
  for (std::size_t i = 0; i < random_bytes.size(); i += 200) random_bytes[i] = '\n';
  dir.write("src/b.jsonl", random_bytes);
  dir.write("src/c.jsonl", records(2, 5));
  const auto r = run({"/usr/bin/timeout", "120", index_bin(), "--db", db, (dir / "src").string()});
  CHECK(r.status == 1);
  CHECK(contains(r.err, "a.jsonl:2: error: record longer than 16777216 bytes (--max-record-size)"));
  CHECK(contains(r.err, "b.jsonl: error: 100 bad records in a row (not a JSONL feed?)"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') < 300);  // an error and a warning a line
  CHECK(articles(db) == 5);
  // A smaller cap on request.
  const auto capped = run({index_bin(), "--db", (dir / "idx2").string(), "--max-record-size", "50",
                           (dir / "src/c.jsonl").string()});
  CHECK(capped.status == 1);
  CHECK(contains(capped.err, "record longer than 50 bytes"));
}

TEST_CASE("an index path that cannot be created says why") {
  morgue::test::TempDir dir;
  dir.write("file", "x");
  dir.write("src/a.jsonl", records(0, 2));
  const auto r = run({index_bin(), "--db", (dir / "file/idx").string(), (dir / "src").string()});
  CHECK(r.status == 2);
  INFO("stderr: " << r.err);
  CHECK(contains(r.err, "cannot create index directory"));
  CHECK(contains(r.err, "Not a directory"));
  CHECK_FALSE(contains(r.err, "exists and is not an index directory"));
  // A read-only mount, in a mount namespace of its own (root, util-linux's unshare).
  fs::create_directory(dir / "ro");
  const auto ro = run({"/usr/bin/unshare", "-m", "/bin/sh", "-c",
                       "mount -t tmpfs -o ro tmpfs \"$0\" && exec \"$1\" --db \"$0/idx\" \"$2\"",
                       (dir / "ro").string(), index_bin(), (dir / "src").string()});
  if (contains(ro.err, "mount:") || contains(ro.err, "unshare:")) {
    MESSAGE("read-only mount case skipped (no mount namespace here): " << ro.err);
  } else {
    INFO("stderr: " << ro.err);
    CHECK(ro.status == 2);
    CHECK(contains(ro.err, "cannot create index directory"));
    CHECK(contains(ro.err, "Read-only file system"));
  }
}
