// Fault injection (issue #18): morgue-index runs with one write, read, fsync, open, rename or
// C++ allocation failing at a chosen call (tests/fault/fault_inject.cpp, preloaded), over an index
// holding articles, as a plain update and as a --rebuild. After each run the index must open, hold
// only articles of the old or the new state, and after one clean run hold exactly the new
// state; nothing outside the index directory may change.
//
// MORGUE_FAULT_POINTS: faults per operation and mode (default 4, spread over the run's calls).
#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"

using morgue::test::ids_for;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::RunResult;

namespace fs = std::filesystem;

namespace {

std::string feed(int from, int to, const std::string& word) {
  std::string out;
  for (int n = from; n < to; ++n) {
    out += "{\"id\": \"r" + std::to_string(n) + "\", \"title\": \"Story " + std::to_string(n) +
           "\", \"body\": \"Report " + std::to_string(n) + " on " + word +
           " prices and the harvest.\"}\n";
  }
  return out;
}

std::set<std::string> id_set(const std::string& db) {
  const auto ids = ids_for(db, "");
  return {ids.begin(), ids.end()};
}

RunResult index_with_fault(const std::string& op, long at, const std::string& count_file,
                           const std::vector<std::string>& args, const std::string& path = "") {
  std::vector<std::string> argv{"/usr/bin/env", std::string("LD_PRELOAD=") + MORGUE_FAULT_LIB,
                                // The sanitizer runtime must come first; the shim follows it.
                                "ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0",
                                "MORGUE_FAULT_OP=" + op, "MORGUE_FAULT_AT=" + std::to_string(at),
                                "MORGUE_FAULT_PATH=" + path,
                                "MORGUE_FAULT_COUNT_FILE=" + count_file, index_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

}  // namespace

TEST_CASE(
    "fault injection: a failing write, read, fsync, open, rename or allocation loses nothing") {
  const char* points_env = std::getenv("MORGUE_FAULT_POINTS");
  const long points = points_env != nullptr ? std::atol(points_env) : 4;
  morgue::test::TempDir dir;
  dir.write("src/feed.jsonl", feed(0, 200, "grain"));
  dir.write("outside/keep.txt", "not the index's\n");
  const std::string base = (dir / "base").string();
  REQUIRE(run({index_bin(), "--db", base, (dir / "src").string()}).status == 0);
  const std::set<std::string> old_ids = id_set(base);
  REQUIRE(old_ids.size() == 200);
  // The new state: 40 changed, 30 added, 20 gone (under the deletion guard).
  dir.write("src/feed.jsonl",
            feed(20, 60, "coffee") + feed(60, 200, "grain") + feed(200, 230, "oil"));
  std::set<std::string> new_ids;
  for (int n = 20; n < 230; ++n) new_ids.insert("r" + std::to_string(n));

  long runs = 0, faults = 0, failed_runs = 0, lost = 0;
  for (const std::string op : {"write", "read", "fsync", "open", "rename", "alloc"}) {
    for (const bool rebuild : {false, true}) {
      CAPTURE(op);
      CAPTURE(rebuild);
      const auto args_for = [&](const std::string& db) {
        std::vector<std::string> args{"--db", db, "--quiet"};
        if (rebuild) args.push_back("--rebuild");
        args.push_back((dir / "src").string());
        return args;
      };
      // How many such calls a whole run makes.
      const std::string counting = (dir / "counting").string();
      fs::remove_all(counting);
      fs::copy(base, counting, fs::copy_options::recursive);
      const std::string count_file = (dir / "count").string();
      REQUIRE(index_with_fault(op, 0, count_file, args_for(counting)).status == 0);
      long calls = 0;
      std::ifstream(count_file) >> calls;
      REQUIRE(calls > 0);
      for (long p = 1; p <= points; ++p) {
        const long at = std::max(1L, calls * p / (points + 1));
        CAPTURE(at);
        const std::string db = (dir / "db").string();
        fs::remove_all(db);
        fs::copy(base, db, fs::copy_options::recursive);
        const RunResult faulted = index_with_fault(op, at, count_file, args_for(db));
        ++runs;
        ++faults;
        INFO("faulted run: " << faulted.err);
        CHECK(faulted.status < 128);  // an error exit, never a crash
        if (faulted.status != 0) ++failed_runs;
        // Openable, and only articles of the old or the new state.
        const std::set<std::string> now = id_set(db);
        for (const auto& id : now) CHECK((old_ids.contains(id) || new_ids.contains(id)));
        // Nothing the sources still hold was deleted by the faulted run.
        for (const auto& id : old_ids) {
          if (new_ids.contains(id)) CHECK(now.contains(id));
        }
        // One clean run finishes the job exactly.
        const RunResult clean = run({index_bin(), "--db", db, "--quiet", (dir / "src").string()});
        ++runs;
        INFO("clean run: " << clean.err);
        CHECK(clean.status == 0);
        const std::set<std::string> after = id_set(db);
        CHECK(after == new_ids);
        for (const auto& id : new_ids) lost += after.contains(id) ? 0 : 1;
        // Generations only inside the index; nothing outside touched.
        CHECK(fs::exists(dir / "outside" / "keep.txt"));
        CHECK(std::distance(fs::directory_iterator(dir / "outside"), fs::directory_iterator()) ==
              1);
      }
    }
  }
  MESSAGE("fault injection: " << faults << " faults injected, " << runs << " runs (" << failed_runs
                              << " faulted runs exited with an error), " << lost
                              << " articles lost");
  CHECK(lost == 0);
}

TEST_CASE("fault injection: a read error in any input file deletes and changes nothing") {
  morgue::test::TempDir dir;
  // Records of about 1 KB, so that a feed takes several reads and can fail part-way.
  std::string big_feed;
  for (int n = 0; n < 300; ++n) {
    big_feed += "{\"id\": \"f" + std::to_string(n) + "\", \"body\": \"Report " + std::to_string(n) +
                " on grain " + std::string(1000, 'x') + " prices.\"}\n";
  }
  dir.write("src/feed/feed.jsonl", big_feed);
  {
    gzFile gz = gzopen((dir / "src/feed/feed2.jsonl.gz").c_str(), "wb");
    REQUIRE(gz != nullptr);
    std::string gz_feed;
    for (int n = 0; n < 300; ++n) {
      gz_feed += "{\"id\": \"g" + std::to_string(n) + "\", \"body\": \"Note " +
                 std::to_string(n * 7919) + " on oil " + std::to_string(n * n) + " output.\"}\n";
    }
    gzwrite(gz, gz_feed.data(), static_cast<unsigned>(gz_feed.size()));
    gzclose(gz);
  }
  std::string manifest;
  for (int n = 0; n < 40; ++n) {
    const std::string name = "t" + std::to_string(n) + ".txt";
    dir.write("src/news/" + name, "Headline " + std::to_string(n) + "\n\nThe council met on " +
                                      std::string(3000, 'y') + " tram " + std::to_string(n) +
                                      ".\n");
    manifest += "{\"file\": \"" + name +
                "\", \"outlet\": \"Daily\", \"published\": " + "\"2022-02-0" +
                std::to_string(1 + n % 9) + "\"}\n";
  }
  dir.write("src/news/manifest.jsonl", manifest);
  const std::string base = (dir / "base").string();
  REQUIRE(run({index_bin(), "--db", base, (dir / "src").string()}).status == 0);
  const std::set<std::string> ids = id_set(base);
  REQUIRE(ids.size() == 640);
  const std::size_t outlets = ids_for(base, "outlet:Daily").size();
  REQUIRE(outlets == 40);

  long faults = 0;
  for (const std::string file : {"feed.jsonl", "feed2.jsonl.gz", "t7.txt", "manifest.jsonl"}) {
    CAPTURE(file);
    const std::string count_file = (dir / "count").string();
    const std::string counting = (dir / "counting").string();
    fs::remove_all(counting);
    fs::copy(base, counting, fs::copy_options::recursive);
    REQUIRE(index_with_fault("read", 0, count_file,
                             {"--db", counting, "--quiet", (dir / "src").string()}, file)
                .status == 0);
    long calls = 0;
    std::ifstream(count_file) >> calls;
    REQUIRE(calls > 0);
    // Every read of the file fails in turn (the last one sees the end of the file).
    for (long at = 1; at <= calls; ++at) {
      CAPTURE(at);
      const std::string db = (dir / "db").string();
      fs::remove_all(db);
      fs::copy(base, db, fs::copy_options::recursive);
      const RunResult r =
          index_with_fault("read", at, count_file, {"--db", db, (dir / "src").string()}, file);
      ++faults;
      INFO("stderr: " << r.err);
      CHECK(r.status == 1);
      CHECK(morgue::test::contains(r.err, "Input/output error"));
      CHECK(morgue::test::contains(r.err, " 0 updated"));
      CHECK(morgue::test::contains(r.err, " 0 deleted"));
      CHECK(id_set(db) == ids);
      CHECK(ids_for(db, "outlet:Daily").size() == outlets);
    }
  }
  MESSAGE("input read faults: " << faults << " runs, each kept every article");
}
