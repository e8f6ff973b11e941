// morgue-alert end to end (issue #23): nightly morgue-index runs, each followed by an alert
// run, through the real programs. Baseline, new, updated, deleted, copies, a saved search in
// error, an alert run killed between its report and its state (fault injection: the state's
// rename fails), and an index run killed half-way. The JSON lines, the state file and the
// saved-search lines are checked against their schemas.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tests/e2e_support.h"
#include "tests/support/feed.h"
#include "tests/support/temp_dir.h"

using morgue::test::contains;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::RunResult;
using morgue::test::schema_errors;

namespace fs = std::filesystem;

namespace {

using morgue::test::feed_record;
using morgue::test::kWireStory;

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The command prefix that runs a program with call `op` failing (tests/fault/fault_inject.cpp)
// as `settings` (MORGUE_FAULT_AT=...) say.
std::vector<std::string> with_fault(const std::string& op,
                                    const std::vector<std::string>& settings) {
  std::vector<std::string> prefix{"/usr/bin/env", std::string("LD_PRELOAD=") + MORGUE_FAULT_LIB,
                                  // The sanitizer runtime must come first; the shim follows it.
                                  "ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0",
                                  "MORGUE_FAULT_OP=" + op};
  prefix.insert(prefix.end(), settings.begin(), settings.end());
  return prefix;
}

// One JSON line of morgue-alert --json, checked against alert-line.schema.json (and a story's
// hit fields against search-result.schema.json's hit).
nlohmann::json checked_line(const std::string& line) {
  const auto j = nlohmann::json::parse(line);
  CHECK(schema_errors(j, "alert-line.schema.json") == "");
  if (j.contains("change")) {
    nlohmann::json hit = j;
    hit.erase("alert");
    hit.erase("change");
    hit.erase("link");
    CHECK(schema_errors(hit, "search-result.schema.json", "/properties/hits/items") == "");
  }
  return j;
}

struct Nightly {
  morgue::test::TempDir dir;
  std::string feed;
  std::string saved =
      "{\"name\": \"orban\", \"query\": \"Orban\"}\n"
      "{\"name\": \"lavrov-cbc\", \"query\": \"outlet:\\\"CBC News\\\" person:Lavrov\"}\n";

  [[nodiscard]] std::string db() const { return (dir / "db").string(); }
  [[nodiscard]] std::string state() const { return (dir / "state.json").string(); }

  RunResult index(const std::vector<std::string>& prefix = {},
                  const std::vector<std::string>& extra = {}) {
    dir.write("src/feed.jsonl", feed);
    std::vector<std::string> argv = prefix;
    const std::vector<std::string> command{
        index_bin(), "--db", db(), "--quiet", "--batch-size", "2", (dir / "src").string()};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv);
  }

  RunResult alert(const std::vector<std::string>& extra = {},
                  const std::vector<std::string>& prefix = {}) {
    const auto file = dir.write("saved.jsonl", saved);
    std::vector<std::string> argv = prefix;
    const std::vector<std::string> command{MORGUE_ALERT_BIN, "--db",    db(),    "--saved",
                                           file.string(),    "--state", state(), "--json"};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv);
  }

  // "search:id:change" per story reported, plus the copies' ids; checks the schemas.
  static std::vector<std::string> stories(const RunResult& r) {
    std::vector<std::string> out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      const auto j = checked_line(line);
      if (!j.contains("change")) continue;
      std::string story = j.at("alert").get<std::string>() + ":" + j.at("id").get<std::string>() +
                          ":" + j.at("change").get<std::string>();
      std::vector<std::string> copies;
      for (const auto& c : j.at("similar_articles")) copies.push_back(c.at("id"));
      std::sort(copies.begin(), copies.end());
      for (const auto& c : copies) story += "+" + c;
      out.push_back(story);
    }
    return out;
  }

  void check_state() const {
    const auto j = nlohmann::json::parse(slurp(state()));
    CHECK(schema_errors(j, "alert-state.schema.json") == "");
  }
};

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("morgue-alert: baseline, new, updated, deleted and copies over nightly runs") {
  Nightly n;
  std::istringstream saved_lines(n.saved);
  for (std::string line; std::getline(saved_lines, line);) {
    CHECK(schema_errors(nlohmann::json::parse(line), "saved-search.schema.json") == "");
  }
  n.feed = feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin.") +
           feed_record("b1", "Lavrov speaks", "Sergei Lavrov spoke to reporters.", "CBC News");
  REQUIRE(n.index().status == 0);

  // First run: a baseline per search, nothing reported (exit 1), said on stderr.
  RunResult r = n.alert();
  INFO("stderr: " << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "orban: baseline recorded at index run 1"));
  n.check_state();

  // Night 2: a new story in three copies, a new Lavrov article at CBC, one at AP (filtered
  // out), and an old article changed so that it now matches.
  n.feed = feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin.") +
           feed_record("b1", "Lavrov speaks",
                       "Sergei Lavrov spoke to reporters about Viktor Orban.", "CBC News") +
           feed_record("w1", "Orban on gas", kWireStory, "AP", "2022-02-03") +
           feed_record("w2", "Orban on gas", kWireStory, "USA TODAY", "2022-02-03") +
           feed_record("w3", "Orban on gas", kWireStory, "CBC News", "2022-02-03") +
           feed_record("b2", "Lavrov again", "Sergei Lavrov met Antony Blinken.", "CBC News",
                       "2022-02-02") +
           feed_record("b3", "Lavrov again", "Sergei Lavrov met Antony Blinken in Geneva.", "AP",
                       "2022-02-02");
  REQUIRE(n.index().status == 0);
  r = n.alert();
  INFO("stderr: " << r.err);
  CHECK(r.status == 0);
  const V night2 = Nightly::stories(r);
  std::string listed;
  for (const auto& s : night2) listed += s + " ";
  INFO("stories: " << listed);
  REQUIRE(night2.size() == 4);
  CHECK(night2[0].starts_with("orban:w"));  // newest first; one hit for the three copies
  CHECK(night2[0].ends_with(":new+w2+w3") + night2[0].ends_with(":new+w1+w3") +
            night2[0].ends_with(":new+w1+w2") ==
        1);
  CHECK(night2[1] == "orban:b1:updated");
  CHECK(night2[2] == "lavrov-cbc:b2:new");
  // b1 matched this search before its edit too; no earlier version is kept to tell, and it
  // was never reported to it, so it is reported as updated.
  CHECK(night2[3] == "lavrov-cbc:b1:updated");
  n.check_state();

  // Night 3: nothing new, one more edit of an article reported (never again), a new article
  // deleted before any alert saw it... (it came and went within the night's two runs).
  n.feed += feed_record("a9", "Orban gone", "Orban, briefly.", "AP", "2022-02-04");
  REQUIRE(n.index().status == 0);
  n.feed = n.feed.substr(0, n.feed.rfind("{\"id\": \"a9\""));
  const std::string edited = "Sergei Lavrov spoke to reporters about Viktor Orban on Monday.";
  const auto pos = n.feed.find("Sergei Lavrov spoke to reporters about Viktor Orban.");
  n.feed.replace(pos, std::string("Sergei Lavrov spoke to reporters about Viktor Orban.").size(),
                 edited);
  // A JSONL file that shrank is taken for a truncated one unless told (source_reader.h).
  REQUIRE(n.index({}, {"--allow-mass-delete"}).status == 0);
  CHECK(morgue::test::ids_for(n.db(), "a9 OR gone").empty());
  r = n.alert();
  INFO("night 3: " << r.out << r.err);
  CHECK(r.status == 1);
  CHECK(Nightly::stories(r).empty());
}

TEST_CASE("morgue-alert: text output groups the stories under each search, with links") {
  Nightly n;
  n.feed = feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin.");
  REQUIRE(n.index().status == 0);
  (void)n.alert();
  n.feed += feed_record("w1", "Orban on gas", kWireStory, "AP", "2022-02-03") +
            feed_record("w2", "Orban on gas", kWireStory, "USA TODAY", "2022-02-03");
  REQUIRE(n.index().status == 0);
  const auto file = n.dir.write("saved.jsonl", n.saved);
  const RunResult r = run({MORGUE_ALERT_BIN, "--db", n.db(), "--saved", file.string(), "--state",
                           n.state(), "--link-base", "http://morgue.example:8080/"});
  INFO("stderr: " << r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.out, "== orban: 1 story (2 articles): 1 new, 0 updated (query: Orban)"));
  CHECK(contains(r.out, "1. [new] Orban on gas"));
  CHECK(contains(r.out, "+ 1 similar (same story):"));
  CHECK((contains(r.out, "http://morgue.example:8080/articles/w1") ||
         contains(r.out, "http://morgue.example:8080/articles/w2")));
  CHECK_FALSE(contains(r.out, "lavrov-cbc"));  // nothing to say, not mentioned
}

TEST_CASE("morgue-alert: a saved search in error is reported, the others run and are recorded") {
  Nightly n;
  n.feed = feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin.");
  REQUIRE(n.index().status == 0);
  (void)n.alert();
  n.feed += feed_record("a2", "Orban again", "Orban spoke in Budapest.", "AP", "2022-02-02");
  REQUIRE(n.index().status == 0);
  n.saved += "{\"name\": \"dates\", \"query\": \"Orban date:2022-13\"}\nnot json\n";
  RunResult r = n.alert();
  INFO("stderr: " << r.err);
  CHECK(r.status == 2);
  CHECK(Nightly::stories(r) == V{"orban:a2:new"});
  CHECK(contains(r.out, R"({"alert":"dates","line":3,"error":)"));
  CHECK(contains(r.out, R"({"alert":null,"line":4,"error":"not valid JSON"})"));
  CHECK(contains(r.err, "saved.jsonl:3: dates: date:2022-13 is not a date"));
  n.check_state();
  r = n.alert();  // recorded: not again
  CHECK(r.status == 2);
  CHECK(Nightly::stories(r).empty());
}

TEST_CASE("morgue-alert: a run killed between its report and its state reports again, once") {
  Nightly n;
  n.feed = feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin.");
  REQUIRE(n.index().status == 0);
  (void)n.alert();
  const std::string before = slurp(n.state());
  n.feed += feed_record("a2", "Orban again", "Orban spoke in Budapest.", "AP", "2022-02-02");
  REQUIRE(n.index().status == 0);
  for (const std::string op : {"rename", "fsync", "write"}) {
    CAPTURE(op);
    const RunResult killed = n.alert({}, with_fault(op, {"MORGUE_FAULT_AT=1"}));
    INFO("stderr: " << killed.err);
    CHECK(killed.status == 2);
    CHECK(contains(killed.err, "cannot write alert state"));
    CHECK(slurp(n.state()) == before);  // the last good state, whole
    CHECK(std::distance(std::filesystem::directory_iterator(n.dir.path()),
                        std::filesystem::directory_iterator()) == 5);  // no temporary left
  }
  const RunResult again = n.alert();
  CHECK(again.status == 0);
  CHECK(Nightly::stories(again) == V{"orban:a2:new"});
  CHECK(Nightly::stories(n.alert()).empty());
}

TEST_CASE("morgue-alert: an index run killed half-way loses nothing and repeats nothing") {
  Nightly n;
  n.feed = feed_record("a0", "Filler", "Nothing to see.");
  for (int i = 1; i <= 6; ++i) {
    n.feed += feed_record("o" + std::to_string(i), "Orban " + std::to_string(i),
                          "Viktor Orban said " + std::to_string(i) + " things.");
  }
  REQUIRE(n.index().status == 0);
  (void)n.alert();
  // The night's feed: six more, written two to a commit.
  std::set<std::string> expected;
  for (int i = 7; i <= 12; ++i) {
    const std::string id = "o" + std::to_string(i);
    n.feed += feed_record(id, "Orban " + std::to_string(i),
                          "Viktor Orban said " + std::to_string(i * 11) + " things.");
    expected.insert("orban:" + id + ":new");
  }
  const auto copy_dir = [](const std::filesystem::path& from, const std::filesystem::path& to) {
    std::filesystem::remove_all(to);
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
  };
  const auto db = std::filesystem::path(n.db());
  const auto state = std::filesystem::path(n.state());
  copy_dir(db, n.dir / "db-before");
  std::filesystem::copy_file(state, n.dir / "state-before.json");
  // How many fsyncs the night's run makes, then that run killed at points spread over them.
  const std::string count = (n.dir / "count").string();
  REQUIRE(n.index(with_fault("fsync", {"MORGUE_FAULT_AT=0", "MORGUE_FAULT_COUNT_FILE=" + count}))
              .status == 0);
  long calls = 0;
  std::ifstream(count) >> calls;
  REQUIRE(calls > 4);
  int partial = 0;
  for (long at = 1; at < calls; at += std::max(1L, calls / 6)) {
    CAPTURE(at);
    copy_dir(n.dir / "db-before", db);
    std::filesystem::copy_file(n.dir / "state-before.json", state,
                               std::filesystem::copy_options::overwrite_existing);
    const RunResult killed =
        n.index(with_fault("fsync", {"MORGUE_FAULT_AT=" + std::to_string(at)}));
    INFO("killed index run: " << killed.err);
    CHECK(killed.status < 128);  // an error exit, never a crash
    const auto committed = morgue::test::ids_for(n.db(), "Orban").size() - 6;
    if (committed > 0 && committed < 6) ++partial;
    // Whatever the killed run committed is searchable, and waits for a run that finishes
    // (the killed one may have finished writing and failed after): each article reported
    // once, by this alert run or the next one.
    std::set<std::string> reported;
    for (const auto& s : Nightly::stories(n.alert())) CHECK(reported.insert(s).second);
    if (!reported.empty()) CHECK(reported == expected);  // a run is reported whole
    REQUIRE(n.index().status == 0);
    for (const auto& s : Nightly::stories(n.alert())) CHECK(reported.insert(s).second);
    CHECK(reported == expected);
    CHECK(Nightly::stories(n.alert()).empty());
  }
  MESSAGE(partial << " killed runs left part of the night committed");
  CHECK(partial > 0);  // the case that matters was met
}

TEST_CASE("morgue-alert: --since reports from a day; usage errors exit 2") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.", "AP", "2022-01-10") +
           feed_record("a2", "Orban", "Orban spoke again.", "AP", "2022-02-10");
  REQUIRE(n.index().status == 0);
  const RunResult r = n.alert({"--since", "2022-02"});
  CHECK(r.status == 0);
  CHECK(Nightly::stories(r) == V{"orban:a2:new"});
  CHECK(n.alert({"--since", "2022-02-31"}).status == 2);
  CHECK(run({MORGUE_ALERT_BIN, "--db", n.db()}).status == 2);
  const RunResult no_index = run({MORGUE_ALERT_BIN, "--db", (n.dir / "none").string(), "--saved",
                                  (n.dir / "saved.jsonl").string(), "--state", n.state()});
  CHECK(no_index.status == 2);
  n.dir.write("bad-state.json", "{\"format\": 7}");
  const RunResult bad_state =
      run({MORGUE_ALERT_BIN, "--db", n.db(), "--saved", (n.dir / "saved.jsonl").string(), "--state",
           (n.dir / "bad-state.json").string()});
  CHECK(bad_state.status == 2);
  CHECK(contains(bad_state.err, "remove it to start over"));
  CHECK(slurp(n.dir / "bad-state.json") == "{\"format\": 7}");  // left for its owner
}

TEST_CASE("morgue-alert: an index made again at the same path is never skipped in silence") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  REQUIRE(n.index().status == 0);
  REQUIRE(n.alert().status == 1);  // baseline at run 1
  fs::remove_all(n.db());
  for (int k = 2; k <= 4; ++k) {
    n.feed += feed_record("a" + std::to_string(k), "Orban", "Orban said more.");
    REQUIRE(n.index().status == 0);  // the new index's runs 1..3
  }
  const RunResult r = n.alert();
  INFO("stderr: " << r.err);
  CHECK(contains(r.err, "the state was recorded for another index"));
  CHECK(contains(r.err, "baseline recorded at index run 3"));
  n.check_state();
  // From here on it reports as usual, against the new index.
  n.feed += feed_record("a5", "Orban", "Orban once more.");
  REQUIRE(n.index().status == 0);
  const RunResult next = n.alert();
  CHECK(Nightly::stories(next) == V{"orban:a5:new"});
  CHECK_FALSE(contains(next.err, "another index"));
}

TEST_CASE("morgue-alert: a state reached through a link is locked and written as the file itself") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  REQUIRE(n.index().status == 0);
  REQUIRE(n.alert().status == 1);
  fs::create_symlink(n.state(), n.dir / "link.json");
  n.feed += feed_record("a2", "Orban", "Orban again.");
  REQUIRE(n.index().status == 0);
  const auto file = n.dir.write("saved.jsonl", n.saved);
  // Hold the lock through the link while a run through the real name tries.
  morgue::test::Child holder = morgue::test::spawn(
      {"/usr/bin/flock", "--close", (n.dir / "state.json.lock").string(), "/bin/sleep", "5"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const RunResult blocked = run({MORGUE_ALERT_BIN, "--db", n.db(), "--saved", file.string(),
                                 "--state", (n.dir / "link.json").string(), "--json"});
  CHECK(blocked.status == 2);
  CHECK(contains(blocked.err, "in use by another morgue-alert run"));
  holder.kill_and_wait();
  const RunResult through_link = run({MORGUE_ALERT_BIN, "--db", n.db(), "--saved", file.string(),
                                      "--state", (n.dir / "link.json").string(), "--json"});
  CHECK(Nightly::stories(through_link) == V{"orban:a2:new"});
  CHECK(fs::is_symlink(n.dir / "link.json"));
  n.check_state();
  CHECK(n.alert().status == 1);  // reported once, whichever name is used
}
