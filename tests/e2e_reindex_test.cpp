// End-to-end: nightly reindexing. Incremental runs, deletions and their guard, --rebuild,
// the writer lock, searching during updates, and SIGKILL at random moments.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using morgue::test::contains;
using morgue::test::ids_for;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_bin;
using morgue::test::search_json;
using V = std::vector<std::string>;

namespace {

struct Corpus {
  morgue::test::TempDir dir;
  fs::path src = dir / "src";
  std::string db = (dir / "db").string();

  Corpus() {
    dir.write("src/a.txt", "Alpha story headline\n\nThe alpha article mentions apricots.\n");
    dir.write("src/b.txt", "Beta story headline\n\nThe beta article mentions bananas.\n");
    dir.write("src/c.txt", "Gamma story headline\n\nThe gamma article mentions cherries.\n");
    dir.write("src/sub/d.txt", "Delta story headline\n\nThe delta article mentions dates.\n");
    dir.write("src/feed.jsonl",
              "{\"id\": \"f1\", \"title\": \"Feed one\", \"body\": \"Figs from the feed.\"}\n"
              "{\"id\": \"f2\", \"title\": \"Feed two\", \"body\": \"Grapes from the feed.\"}\n");
  }
  morgue::test::RunResult index(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{index_bin(), "--db", db};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(src.string());
    return run(argv);
  }
  std::size_t count() { return ids_for(db, "").size(); }
};

}  // namespace

TEST_CASE("incremental runs add, update, delete and restore exactly what changed") {
  Corpus c;
  auto r = c.index();
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.err, "indexed 6 (6 added, 0 updated), 0 unchanged, 0 deleted"));
  CHECK(r.err.find('\r') == std::string::npos);  // progress display only on a terminal
  CHECK(c.index({"--quiet"}).err.empty());

  r = c.index();  // nothing changed
  CHECK(contains(r.err, "indexed 0 (0 added, 0 updated), 6 unchanged, 0 deleted"));

  // Change one, add one, delete one file and one JSONL record.
  c.dir.write("src/b.txt", "Beta story headline\n\nThe beta article now mentions blueberries.\n");
  c.dir.write("src/e.txt",
              "Epsilon story headline\n\nThe epsilon article mentions elderberries.\n");
  fs::remove(c.src / "c.txt");
  c.dir.write("src/feed.jsonl",
              "{\"id\": \"f1\", \"title\": \"Feed one\", \"body\": \"Figs from the feed.\"}\n");
  r = c.index();  // the feed is smaller than last run: nothing of src is taken as gone yet
  CHECK(r.status == 0);
  CHECK(contains(r.err, "smaller than the"));
  CHECK(contains(r.err, "indexed 2 (1 added, 1 updated), 3 unchanged, 0 deleted"));
  r = c.index();  // 2 of 6 is over the default 20% guard: nothing deleted
  CHECK(r.status == 3);
  CHECK(contains(r.err, "indexed 0 (0 added, 0 updated), 5 unchanged, 0 deleted"));
  CHECK(contains(r.err, "index holds 7 articles"));
  CHECK(c.count() == 7);
  r = c.index({"--max-delete-share", "50"});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.err, "indexed 0 (0 added, 0 updated), 5 unchanged, 2 deleted"));
  CHECK(contains(r.err, "index holds 5 articles"));
  CHECK(ids_for(c.db, "blueberries") == V{"b.txt"});
  CHECK(ids_for(c.db, "bananas").empty());
  CHECK(ids_for(c.db, "cherries").empty());
  CHECK(ids_for(c.db, "grapes").empty());
  CHECK(ids_for(c.db, "elderberries") == V{"e.txt"});
  CHECK(ids_for(c.db, "") == V{"a.txt", "b.txt", "e.txt", "f1", "sub/d.txt"});

  // Restore the deleted file; touch another without changing it.
  c.dir.write("src/c.txt", "Gamma story headline\n\nThe gamma article mentions cherries.\n");
  fs::last_write_time(c.src / "a.txt", fs::file_time_type::clock::now());
  r = c.index();
  CHECK(contains(r.err, "indexed 1 (1 added, 0 updated), 5 unchanged, 0 deleted"));
  CHECK(ids_for(c.db, "cherries") == V{"c.txt"});
  CHECK(c.count() == 6);
}

TEST_CASE("only the sources of this run lose articles; an unreadable source loses none") {
  Corpus c;
  c.dir.write("other/x.txt", "Other story headline\n\nThe other article mentions kiwis.\n");
  REQUIRE(run({index_bin(), "--db", c.db, c.src.string(), (c.dir / "other").string()}).status == 0);
  CHECK(c.count() == 7);
  // Indexing one source leaves the other's articles alone.
  auto r = c.index();
  CHECK(contains(r.err, "0 deleted"));
  CHECK(c.count() == 7);
  // A source that is not there (an unmounted share) is an error, not an empty corpus.
  fs::rename(c.dir / "other", c.dir / "elsewhere");
  r = run({index_bin(), "--db", c.db, (c.dir / "other").string()});
  CHECK(r.status == 1);
  CHECK(contains(r.err, "other: error: no such file or directory"));
  CHECK(contains(r.err, "0 deleted"));
  CHECK(c.count() == 7);
}

TEST_CASE("the deletion guard refuses to wipe the archive") {
  Corpus c;
  REQUIRE(c.index().status == 0);
  // The folder is there but empty, as when a share was mounted wrong.
  fs::rename(c.src, c.dir / "away");
  fs::create_directories(c.src);
  auto r = c.index();
  INFO(r.err);
  CHECK(r.status == 3);
  CHECK(contains(r.err,
                 "would remove 6 of 6 articles (100%, over the 20% limit); nothing was deleted"));
  CHECK(c.count() == 6);

  // One of six (17%) is within the default limit; two of six (33%) is not, unless allowed.
  fs::remove(c.src);
  fs::rename(c.dir / "away", c.src);
  fs::remove(c.src / "a.txt");
  fs::remove(c.src / "c.txt");
  r = c.index();
  CHECK(r.status == 3);
  CHECK(c.count() == 6);
  r = c.index({"--max-delete-share", "40"});
  CHECK(r.status == 0);
  CHECK(contains(r.err, "2 deleted"));
  CHECK(c.count() == 4);

  fs::remove_all(c.src);
  fs::create_directories(c.src);
  r = c.index({"--allow-mass-delete"});
  CHECK(r.status == 0);
  CHECK(c.count() == 0);
}

TEST_CASE("--rebuild builds a new generation; open readers keep the old one") {
  Corpus c;
  REQUIRE(c.index().status == 0);
  const Xapian::Database before(c.db);  // a search that started before the rebuild
  REQUIRE(before.get_doccount() == 6);

  fs::remove(c.src / "c.txt");
  c.dir.write("src/e.txt",
              "Epsilon story headline\n\nThe epsilon article mentions elderberries.\n");
  const auto r = c.index({"--rebuild"});
  INFO(r.err);
  CHECK(r.status == 0);
  // c.txt is not in the new generation: counted by id, not by the equal article count.
  CHECK(contains(r.err, "indexed 6 (6 added, 0 updated), 0 unchanged, 1 deleted"));
  CHECK(ids_for(c.db, "elderberries") == V{"e.txt"});
  CHECK(ids_for(c.db, "cherries").empty());
  CHECK(c.count() == 6);
  // The old generation is gone from disk, but the open reader still answers from it.
  std::size_t generations = 0;
  for (const auto& e : fs::directory_iterator(c.db))
    generations += e.path().filename().string().starts_with("gen-");
  CHECK(generations == 1);
  CHECK(before.get_termfreq("cherries") == 1);
  Xapian::Enquire old_search(before);
  old_search.set_query(Xapian::Query("cherries"));
  CHECK(old_search.get_mset(0, 10).size() == 1);

  // An empty source makes a rebuild that would lose the archive: refused, not switched.
  fs::remove_all(c.src);
  fs::create_directories(c.src);
  const auto refused = c.index({"--rebuild"});
  CHECK(refused.status == 3);
  CHECK(c.count() == 6);

  const auto compacted = run({index_bin(), "--db", c.db, "--compact", (c.dir / "none").string()});
  CHECK(compacted.status == 1);  // the missing source is reported; compaction still happens
  CHECK(c.count() == 6);
}

TEST_CASE("one writer at a time: exit 75 at once, or --wait") {
  Corpus c;
  REQUIRE(c.index().status == 0);
  const int fd = ::open((fs::path(c.db) / "morgue.lock").c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  const auto start = std::chrono::steady_clock::now();
  auto r = c.index();
  CHECK(r.status == 75);
  CHECK(contains(r.err, "is being updated by another morgue-index; try again later"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  r = c.index({"--wait=1"});
  CHECK(r.status == 75);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::flock(fd, LOCK_UN);
  });
  r = c.index({"--wait=30"});
  release.join();
  ::close(fd);
  CHECK(r.status == 0);
  CHECK(fs::exists(fs::path(c.db) / "morgue.lock"));
}

namespace {

// A JSONL corpus of `n` articles, each with a unique word "uNNNN".
void write_big_corpus(const fs::path& file, int n, const std::string& variant) {
  std::ofstream out(file);
  for (int i = 0; i < n; ++i) {
    out << "{\"id\": \"n" << i << "\", \"title\": \"Report " << i << " on the markets\", "
        << "\"body\": \"Traders in Frankfurt said prices moved. Item u" << i << " " << variant
        << ". Analyst Jane Roe said the Bundesbank was watching.\", \"published\": \"2022-02-"
        << (1 + i % 28 < 10 ? "0" : "") << 1 + i % 28 << "\"}\n";
  }
}

}  // namespace

TEST_CASE("searches during updates never fail and see whole batches") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  const fs::path feed = dir / "src/feed.jsonl";
  fs::create_directories(feed.parent_path());
  write_big_corpus(feed, 600, "steady");
  REQUIRE(
      run({index_bin(), "--db", db, "--batch-size", "50", feed.parent_path().string()}).status ==
      0);

  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int round = 0; round < 4; ++round) {
      write_big_corpus(feed, 600, round % 2 ? "steady" : "volatile");
      run({index_bin(), "--db", db, "--batch-size", "50", feed.parent_path().string()});
      run({index_bin(), "--db", db, "--rebuild", "--batch-size", "50",
           feed.parent_path().string()});
    }
    done = true;
  });
  int searches = 0;
  while (!done) {
    const auto r =
        run({search_bin(), "--db", db, "--json", "--limit", "3", "--facets", "person", "markets"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc.at("total") == 600);  // updates replace documents; the count never dips
    ++searches;
  }
  writer.join();
  CHECK(searches > 3);
}

TEST_CASE("SIGKILL at random moments leaves a searchable index; the next run completes it") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  const fs::path src = dir / "src";
  fs::create_directories(src);
  constexpr int kArticles = 1500;
  // Time one whole run first, so that the kills land inside runs on a fast or slow build.
  write_big_corpus(src / "feed.jsonl", kArticles, "timing");
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(run({index_bin(), "--db", db, "--batch-size", "40", src.string()}).status == 0);
  const auto run_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  MESSAGE("a full update run takes " << run_ms << " ms");
  std::mt19937 rng(20221124);
  // The timed run may have been slowed by other work on the machine: a round that ends before
  // its kill shows runs take less than that delay, and later delays are drawn below it.
  long longest_ms = run_ms;
  int killed = 0;
  for (int round = 0; round < 8; ++round) {
    CAPTURE(round);
    // Every round changes every article, so no run is a quick no-op the kill would miss.
    write_big_corpus(src / "feed.jsonl", kArticles, "variant" + std::to_string(round));
    std::vector<std::string> argv{index_bin(), "--db", db, "--batch-size", "40"};
    if (round % 3 == 2) argv.push_back("--rebuild");
    if (round % 4 == 3) argv.push_back("--compact");
    argv.push_back(src.string());
    auto child = morgue::test::spawn(argv);
    const long delay =
        std::uniform_int_distribution<long>(longest_ms / 20, longest_ms * 9 / 10)(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    const auto r = child.kill_and_wait();
    killed += r.status == 128 + 9;
    if (r.status == 0) longest_ms = std::max(delay, 40L);
    if (!fs::exists(fs::path(db) / "XAPIANDB")) continue;  // killed before the index existed
    // Whatever was committed is searchable, and never more than the corpus.
    const auto s = run({search_bin(), "--db", db, "--json", "--limit", "0", ""});
    INFO(s.err);
    CHECK((s.status == 0 || s.status == 1));
    if (s.status == 0) CHECK(nlohmann::json::parse(s.out).at("total") <= kArticles);
  }
  MESSAGE(killed << " of 8 runs were killed mid-run");
  CHECK(killed >= 5);
  write_big_corpus(src / "feed.jsonl", kArticles, "second");
  const auto last = run({index_bin(), "--db", db, src.string()});
  INFO(last.err);
  CHECK(last.status == 0);
  CHECK(contains(last.err, "index holds 1500 articles"));
  CHECK(search_json(db, {"--limit", "0", "second"}).at("total") == kArticles);
  CHECK(search_json(db, {"--limit", "0", "variant7"}, 1).at("total") == 0);
  CHECK(ids_for(db, "u1499") == V{"n1499"});
}
