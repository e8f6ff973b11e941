#include "searcher/alert/alerts.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/index/index_db.h"
#include "indexer/index_builder.h"
#include "tests/support/feed.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

using test::feed_record;
using test::kWireStory;

// A feed indexed run after run, and alerts run after each, as the nightly job does.
struct Nightly {
  test::TempDir dir;
  AlertState state;
  std::string feed;

  void index(bool rebuild = false) {
    dir.write("src/feed.jsonl", feed);
    IndexOptions options;
    options.db = dir / "db";
    options.sources = {dir / "src"};
    options.rebuild = rebuild;
    options.allow_mass_delete = true;
    Diagnostics diag(nullptr);
    (void)build_index(options, diag);
  }

  AlertReport alert(const std::string& saved, const AlertOptions& options = {}) {
    Xapian::Database db = open_index_for_reading(dir / "db");
    return run_alerts(db, parse_saved_searches(saved), state, options);
  }

  // "id:change" of each hit of the one saved search in `report`.
  static std::vector<std::string> hits(const AlertReport& report) {
    REQUIRE(report.outcomes.size() == 1);
    std::vector<std::string> out;
    for (const auto& h : report.outcomes.front().hits) {
      out.push_back(h.hit.id + ":" + std::string(alert_change_name(h.change)));
    }
    return out;
  }
};

using V = std::vector<std::string>;
const std::string kOrban = "{\"name\": \"orban\", \"query\": \"Orban\"}\n";

}  // namespace

TEST_CASE("alerts: a baseline first, then each new article once, never again") {
  Nightly n;
  n.feed = feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin.");
  n.index();
  AlertReport first = n.alert(kOrban);
  CHECK(first.outcomes.front().baseline);
  CHECK(Nightly::hits(first).empty());
  CHECK_FALSE(first.reported());
  CHECK(n.state.searches.at("orban").run == first.index_run);

  n.feed += feed_record("a2", "Orban again", "Orban spoke in Budapest.", "AP", "2022-02-02") +
            feed_record("b1", "Lavrov speaks", "Sergei Lavrov spoke.", "CBC News", "2022-02-02");
  n.index();
  const AlertReport second = n.alert(kOrban);
  CHECK(Nightly::hits(second) == V{"a2:new"});
  CHECK(second.reported());
  CHECK(n.state.searches.at("orban").reported == std::set<std::string>{"a2"});

  n.index();  // a run that brings nothing
  CHECK(Nightly::hits(n.alert(kOrban)).empty());
  CHECK(Nightly::hits(n.alert(kOrban)).empty());  // and no run at all
}

TEST_CASE("alerts: an article changed so that it now matches is reported as updated, once") {
  Nightly n;
  n.feed = feed_record("b1", "Lavrov speaks", "Sergei Lavrov spoke.") +
           feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin.");
  n.index();
  (void)n.alert(kOrban);
  n.feed = feed_record("b1", "Lavrov speaks", "Sergei Lavrov spoke with Viktor Orban.") +
           feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin in Moscow.");
  n.index();
  // a1 matched before too; morgue keeps no old versions, so both read as updated.
  V updated = Nightly::hits(n.alert(kOrban));
  std::sort(updated.begin(), updated.end());  // one day: relevance orders them
  CHECK(updated == V{"a1:updated", "b1:updated"});
  // Edited again: reported already, never again.
  n.feed = feed_record("b1", "Lavrov speaks", "Sergei Lavrov spoke with Viktor Orban today.") +
           feed_record("a1", "Orban meets Putin", "Viktor Orban met Vladimir Putin in Moscow.");
  n.index();
  CHECK(Nightly::hits(n.alert(kOrban)).empty());
}

TEST_CASE("alerts: a deleted article is never reported") {
  Nightly n;
  n.feed = feed_record("x", "Filler", "Nothing to see.");
  n.index();
  (void)n.alert(kOrban);
  n.feed += feed_record("a1", "Orban", "Viktor Orban spoke.");
  n.feed += feed_record("a2", "Orban", "Orban spoke again.");
  n.index();
  n.feed = feed_record("x", "Filler", "Nothing to see.") +
           feed_record("a2", "Orban", "Orban spoke again.");
  n.index();  // a1 gone before any alert ran
  CHECK(Nightly::hits(n.alert(kOrban)) == V{"a2:new"});
}

TEST_CASE("alerts: copies of one story are one hit listing its outlets; all are recorded") {
  Nightly n;
  n.feed = feed_record("x", "Filler", "Nothing to see.");
  n.index();
  (void)n.alert(kOrban);
  n.feed += feed_record("w1", "Orban on gas", kWireStory, "AP") +
            feed_record("w2", "Orban on gas", kWireStory, "USA TODAY") +
            feed_record("w3", "Orban on gas", kWireStory, "CBC News");
  n.index();
  const AlertReport report = n.alert(kOrban);
  REQUIRE(report.outcomes.front().hits.size() == 1);
  const Hit& hit = report.outcomes.front().hits.front().hit;
  CHECK(hit.similar == 2);
  CHECK(report.outcomes.front().articles == 3);
  CHECK(n.state.searches.at("orban").reported == std::set<std::string>{"w1", "w2", "w3"});
}

TEST_CASE("alerts: a rebuild or a re-analysis is no news") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  n.index();
  (void)n.alert(kOrban);
  n.index(/*rebuild=*/true);
  CHECK(Nightly::hits(n.alert(kOrban)).empty());
  // What came with the rebuild is news all the same.
  n.feed += feed_record("a2", "Orban", "Orban spoke again.");
  n.index(/*rebuild=*/true);
  CHECK(Nightly::hits(n.alert(kOrban)) == V{"a2:new"});
}

TEST_CASE("alerts: a search in error keeps its state; the others run") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  n.index();
  const std::string good = kOrban + "{\"name\": \"dates\", \"query\": \"Orban date:2022\"}\n";
  (void)n.alert(good);
  const std::uint64_t baseline = n.state.searches.at("dates").run;
  n.feed += feed_record("a2", "Orban", "Orban spoke again.");
  n.index();
  const std::string broken = kOrban + "{\"name\": \"dates\", \"query\": \"Orban date:2022-13\"}\n";
  const AlertReport report = n.alert(broken);
  CHECK(report.failed());
  REQUIRE(report.outcomes.size() == 2);
  CHECK(report.outcomes[0].hits.size() == 1);
  CHECK(report.outcomes[1].error.value_or("").find("date:2022-13") != std::string::npos);
  CHECK(n.state.searches.at("dates").run == baseline);
  // Mended: it reports what came in while it was broken.
  const AlertReport mended = n.alert(good);
  CHECK(mended.outcomes[0].hits.empty());
  REQUIRE(mended.outcomes[1].hits.size() == 1);
  CHECK(mended.outcomes[1].hits.front().hit.id == "a2");
}

TEST_CASE("alerts: searches gone from the file leave the state, unless a line is in error") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  n.index();
  (void)n.alert(kOrban + "{\"name\": \"gas\", \"query\": \"gas\"}\n");
  (void)n.alert(kOrban + "not json\n");
  CHECK(n.state.searches.contains("gas"));  // the broken line may be it
  (void)n.alert(kOrban);
  CHECK_FALSE(n.state.searches.contains("gas"));
}

TEST_CASE("alerts: --since reports from a publication day, then carries on from the runs") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.", "AP", "2022-01-10") +
           feed_record("a2", "Orban", "Orban spoke again.", "AP", "2022-02-10") +
           feed_record("a3", "Orban", "Orban, undated.", "AP", "");
  n.index();
  AlertOptions since;
  since.since = Date::make(2022, 2, 1);
  const AlertReport report = n.alert(kOrban, since);
  CHECK_FALSE(report.outcomes.front().baseline);
  CHECK(Nightly::hits(report) == V{"a2:new"});
  CHECK(Nightly::hits(n.alert(kOrban, since)).empty());  // reported once
  n.feed += feed_record("a4", "Orban", "Orban once more.", "AP", "2022-03-01");
  n.index();
  CHECK(Nightly::hits(n.alert(kOrban)) == V{"a4:new"});
}

TEST_CASE("alerts: a new index under an old state records a new baseline, with a warning") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  n.index();
  n.index();
  (void)n.alert(kOrban);
  std::filesystem::remove_all(n.dir / "db");
  n.index();  // run 1 again
  const AlertReport report = n.alert(kOrban);
  CHECK(report.outcomes.front().baseline);
  REQUIRE(report.outcomes.front().warnings.size() == 1);
  CHECK(report.outcomes.front().warnings.front().find("recorded for another index") !=
        std::string::npos);
}

TEST_CASE("alerts: a new index that ran more often than the old is not taken for it") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  n.index();
  (void)n.alert(kOrban);  // baseline at run 1
  std::filesystem::remove_all(n.dir / "db");
  // Made again from scratch: its runs 1 and 2 are not the old index's, run 3 is past the
  // state's. Going by run numbers alone, the articles of runs 1 and 2 were skipped unsaid.
  n.feed += feed_record("a2", "Orban", "Orban again.");
  n.index();
  n.feed += feed_record("a3", "Orban", "Orban a third time.");
  n.index();
  n.feed += feed_record("a4", "Orban", "Orban a fourth time.");
  n.index();
  const AlertReport report = n.alert(kOrban);
  CHECK(report.outcomes.front().baseline);
  REQUIRE(report.outcomes.front().warnings.size() == 1);
  CHECK(report.outcomes.front().warnings.front().find("recorded for another index") !=
        std::string::npos);
  // With --since the new index is reported from that day instead.
  n.state.index_id = "another-index";
  const AlertReport since = n.alert(kOrban, {.since = Date{2000, 1, 1}});
  CHECK_FALSE(since.outcomes.front().baseline);
  CHECK(Nightly::hits(since).size() == 4);
}

TEST_CASE(
    "alerts: a rebuild keeps the index's identity; a state from before identities is adopted") {
  Nightly n;
  n.feed = feed_record("a1", "Orban", "Viktor Orban spoke.");
  n.index();
  (void)n.alert(kOrban);
  const std::string id = n.state.index_id;
  CHECK(id.size() == 36);
  n.feed += feed_record("a2", "Orban", "Orban again.");
  n.index(/*rebuild=*/true);
  const AlertReport report = n.alert(kOrban);
  CHECK(report.outcomes.front().warnings.empty());
  CHECK(Nightly::hits(report) == V{"a2:new"});
  CHECK(n.state.index_id == id);
  n.state.index_id.clear();  // as an older morgue-alert wrote it
  n.feed += feed_record("a3", "Orban", "Orban a third time.");
  n.index();
  CHECK(Nightly::hits(n.alert(kOrban)) == V{"a3:new"});
  CHECK(n.state.index_id == id);
}

}  // namespace morgue
