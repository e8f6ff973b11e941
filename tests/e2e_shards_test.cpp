// End-to-end scale-out: morgue-index --shards N against a single database built from the same
// corpus (hits, scores, totals, facets, copies), incremental runs on a sharded index, and the
// shards served by stock xapian-tcpsrv through a stub of "remote" lines.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/e2e_support.h"
#include "tests/support/net.h"
#include "tests/support/temp_dir.h"

using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_json;
using V = std::vector<std::string>;

namespace {

const V kSources{MORGUE_SOURCE_DIR "/tests/fixtures/quality",
                 MORGUE_SOURCE_DIR "/tests/fixtures/corpus/feed.jsonl",
                 MORGUE_SOURCE_DIR "/tests/fixtures/corpus/orban-visit.txt",
                 MORGUE_SOURCE_DIR "/tests/fixtures/corpus/curly-quotes.txt"};

// Queries covering terms, names, phrases, filters, facets and collapsing.
const std::vector<V> kQueries{
    {"Zelensky"},
    {"russia"},
    {"--no-collapse", "Mykolaiv"},
    {"Mykolaiv"},
    {"\"air defence\""},
    {"--any", "nato kyiv"},
    {"--limit", "100", "--facets", "outlet,person,org,place,date:month", ""},
    {"--facets", "person:5,outlet", "person:Zelensky"},
    {"--sort", "date", "--limit", "3", "ukraine"},
    {"outlet:Reuters OR outlet:\"CBC News\""},
    {"--like", "ap-mykolaiv"},
};

std::string build(const morgue::test::TempDir& dir, const std::string& name, const V& extra = {}) {
  const std::string db = (dir / name).string();
  V argv{index_bin(), "--db", db};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), kSources.begin(), kSources.end());
  const auto r = run(argv);
  INFO(r.err);
  CHECK(r.status == 1);  // feed.jsonl has one bad record, reported and skipped
  return db;
}

// A search's JSON made comparable across layouts: scores rounded (shards sum the same
// statistics in another order); hits of equal score, which Xapian orders by document id
// (numbered differently across shards), sorted; a folded story as the set of its copies
// (which copy represents a tie is also document-id order).
nlohmann::json comparable(const std::string& db, const V& query) {
  auto doc = search_json(db, query, morgue::test::kAnyStatus);
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& hit : doc.at("hits")) {
    V copies{hit.at("id").get<std::string>()};
    for (const auto& c : hit.at("similar_articles")) copies.push_back(c.at("id"));
    std::sort(copies.begin(), copies.end());
    hits.push_back({{"score", std::round(hit.at("score").get<double>() * 1e9) / 1e9},
                    {"copies", copies},
                    {"similar", hit.at("similar")}});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    if (a.at("score") != b.at("score")) return a.at("score") > b.at("score");
    return a.at("copies") < b.at("copies");
  });
  doc["hits"] = hits;
  return doc;
}

std::vector<std::string> stub_lines(const std::string& db) {
  std::ifstream in(db + "/XAPIANDB");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("--shards N: the same hits, scores, totals and facets as one database") {
  const morgue::test::TempDir dir;
  const std::string single = build(dir, "single");
  for (const std::string n : {"2", "3"}) {
    CAPTURE(n);
    const std::string sharded = build(dir, "sharded-" + n, {"--shards", n});
    CHECK(stub_lines(sharded).size() == std::stoul(n));
    for (const V& q : kQueries) {
      CAPTURE(q);
      CHECK(comparable(sharded, q) == comparable(single, q));
    }
  }
}

TEST_CASE("a sharded index updates in place: unchanged, changed, new and vanished articles") {
  const morgue::test::TempDir dir;
  // The quality articles from a file this test rewrites.
  std::ifstream in(kSources[0] + "/articles.jsonl");
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto file = dir.write("src/articles.jsonl", all);
  const std::string db = (dir / "db").string();
  REQUIRE(run({index_bin(), "--db", db, "--shards", "2", file.string()}).status == 0);
  const auto again = run({index_bin(), "--db", db, file.string()});
  CHECK(again.status == 0);
  CHECK(again.err.find("indexed 0 (0 added, 0 updated), 7 unchanged, 0 deleted") !=
        std::string::npos);
  CHECK(stub_lines(db).size() == 2);  // no --shards: the layout stays
  // Keep the first two records, change the second, add one.
  const auto second = all.find('\n') + 1;
  std::string first_two = all.substr(0, all.find('\n', second) + 1);
  first_two.replace(first_two.find("Three killed"), 12, "Four killed");
  dir.write("src/articles.jsonl",
            first_two + R"({"id": "late", "body": "Mykolaiv water supply restored."})" + "\n");
  const auto third = run({index_bin(), "--db", db, "--allow-mass-delete", file.string()});
  INFO(third.err);
  CHECK(third.status == 0);
  CHECK(third.err.find("indexed 2 (1 added, 1 updated), 1 unchanged, 5 deleted") !=
        std::string::npos);
  CHECK(third.err.find("index holds 3 articles") != std::string::npos);
  CHECK(morgue::test::hit_ids(search_json(db, {"--no-collapse", "Mykolaiv"})) ==
        V{"ap-mykolaiv", "cbc-mykolaiv", "late"});
  CHECK(morgue::test::hit_ids(search_json(db, {"title:four"})) == V{"cbc-mykolaiv"});
  // Back to one database: a rebuild into a new generation.
  REQUIRE(run({index_bin(), "--db", db, "--shards", "1", file.string()}).status == 0);
  CHECK(stub_lines(db).size() == 1);
  CHECK(search_json(db, {""}).at("total") == 3);
}

TEST_CASE("shards served by xapian-tcpsrv answer like the local build") {
  const char* tcpsrv = "/usr/bin/xapian-tcpsrv";
  if (!std::filesystem::exists(tcpsrv)) {
    MESSAGE("xapian-tcpsrv not installed (Debian xapian-tools); remote test skipped");
    return;
  }
  const morgue::test::TempDir dir;
  const std::string single = build(dir, "single");
  const std::string sharded = build(dir, "sharded", {"--shards", "2"});
  std::vector<morgue::test::Child> servers;
  std::filesystem::create_directories(dir / "remote");
  std::ofstream remote_stub(dir / "remote" / "XAPIANDB");
  for (const std::string& line : stub_lines(sharded)) {
    const std::string shard = sharded + "/" + line.substr(line.find(' ') + 1);
    const int port = morgue::test::free_port();
    servers.push_back(morgue::test::spawn(
        {tcpsrv, "--interface", "127.0.0.1", "--port", std::to_string(port), "--quiet", shard}));
    for (int i = 0; i < 200 && !morgue::test::accepting(port); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    remote_stub << "remote 127.0.0.1:" << port << '\n';
  }
  remote_stub.close();
  const std::string remote = (dir / "remote").string();
  for (const V& q : kQueries) {
    CAPTURE(q);
    CHECK(comparable(remote, q) == comparable(single, q));
  }
  // Did-you-mean for words needs the spelling table, which Xapian's remote protocol does not
  // carry (docs/operations.md, "Shards and remote servers"): no suggestion, and nothing fails.
  // A capitalised name is checked against the surnames' terms, which remote shards have.
  CHECK(search_json(single, {"zelinsky"}, 1).at("suggestion") == "zelensky");
  CHECK(search_json(remote, {"zelinsky"}, 1).at("suggestion").is_null());
  CHECK(search_json(single, {"Zelinsky"}, 1).at("suggestion") == "Zelensky");
  CHECK(search_json(remote, {"Zelinsky"}, 1).at("suggestion") == "Zelensky");
  // Variant spellings are found alike through remote shards (the XV terms travel).
  CHECK(search_json(remote, {"Zelenskky"}).at("total") ==
        search_json(single, {"Zelensky"}).at("total"));
  // SIGKILL: on SIGTERM xapian-tcpsrv signals its whole process group, which is ours.
  for (auto& server : servers) server.kill_and_wait(9);
}
