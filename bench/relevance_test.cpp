// Tests for the relevance metrics, against figures worked out by hand.
#include "bench/relevance.h"

#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace morgue::bench {
namespace {

using V = std::vector<std::string>;

TEST_CASE("nDCG uses linear gains and log2 discounts, cut at k") {
  const std::map<std::string, int> grades{{"a", 2}, {"b", 1}, {"x", 0}};
  CHECK(ndcg_at({"a", "b"}, grades, 10) == doctest::Approx(1.0));
  // b, a: (1 + 2/log2 3) / (2 + 1/log2 3)
  CHECK(ndcg_at({"b", "a"}, grades, 10) ==
        doctest::Approx((1 + 2 / std::log2(3.0)) / (2 + 1 / std::log2(3.0))));
  CHECK(ndcg_at({"x", "a"}, grades, 1) == doctest::Approx(0.0));
  CHECK(ndcg_at({}, grades, 10) == 0);
  CHECK(ndcg_at({"a"}, {}, 10) == 0);  // nothing relevant: 0, not NaN
}

TEST_CASE("recall and average precision count relevant documents only") {
  const std::map<std::string, int> grades{{"a", 1}, {"b", 1}, {"c", 0}};
  CHECK(recall_at({"c", "a"}, grades, 100) == doctest::Approx(0.5));
  CHECK(recall_at({"c", "a", "b"}, grades, 2) == doctest::Approx(0.5));
  // a at rank 2, b at rank 4: (1/2 + 2/4) / 2
  CHECK(average_precision({"c", "a", "z", "b"}, grades, 100) == doctest::Approx(0.5));
  CHECK(average_precision({"c", "a", "z", "b"}, grades, 3) == doctest::Approx(0.25));
}

TEST_CASE("evaluate averages over judged queries; a missing run scores 0") {
  const Qrels qrels{{"q1", {{"a", 1}}}, {"q2", {{"b", 1}}}, {"q3", {{"c", 0}}}};
  Run run;
  run["q1"] = {{"a"}, {1.0}};
  const Evaluation e = evaluate(qrels, run);
  CHECK(e.queries == 2);  // q3 has nothing relevant
  CHECK(e.ndcg10 == doctest::Approx(0.5));
  CHECK(e.recall100 == doctest::Approx(0.5));
  CHECK(e.map100 == doctest::Approx(0.5));
}

TEST_CASE("BEIR files: qrels with a header, queries as JSONL; errors name file and line") {
  const test::TempDir dir;
  const auto qrels = dir.write("test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t2\r\nq1\td2\t0\n");
  CHECK(read_qrels(qrels) == Qrels{{"q1", {{"d1", 2}, {"d2", 0}}}});
  const auto bad = dir.write("bad.tsv", "query-id\tcorpus-id\tscore\nq1\td1\n");
  CHECK_THROWS_WITH(read_qrels(bad), doctest::Contains("bad.tsv:2: expected"));
  const auto queries = dir.write("q.jsonl", "{\"_id\": \"q1\", \"text\": \"volcano ash\"}\n\n");
  CHECK(read_queries(queries) == std::map<std::string, std::string>{{"q1", "volcano ash"}});
  CHECK_THROWS_WITH(read_queries(dir.write("b.jsonl", "{\"_id\": 1}\n")),
                    doctest::Contains("b.jsonl:1:"));
}

TEST_CASE("TREC run lines: qid Q0 docid rank score tag") {
  Run run;
  run["q1"] = {{"d4", "d3"}, {3.5, 2.25}};
  std::ostringstream out;
  write_trec_run(run, "morgue", out);
  CHECK(out.str() == "q1 Q0 d4 1 3.5 morgue\nq1 Q0 d3 2 2.25 morgue\n");
}

TEST_CASE("TREC run files read back in rank order; errors name file and line") {
  const test::TempDir dir;
  const auto file =
      dir.write("run.trec", "q1 Q0 d3 2 2.25 x\nq1 Q0 d4 1 3.5 x\n\nq2 Q0 d1 1 1 x\n");
  const Run run = read_trec_run(file);
  REQUIRE(run.size() == 2);
  CHECK(run.at("q1").ids == V{"d4", "d3"});
  CHECK(run.at("q1").scores == std::vector<double>{3.5, 2.25});
  CHECK(run.at("q2").ids == V{"d1"});
  CHECK_THROWS_WITH(read_trec_run(dir.write("bad.trec", "q1 Q0 d1 1 1 x\nq1 Q0 d2\n")),
                    doctest::Contains("bad.trec:2: expected"));
}

TEST_CASE("paired comparison: counts, mean difference and the randomisation p-value") {
  // Ten queries all one better: of the 2^10 sign patterns only all-up and all-down are as
  // extreme, so p is about 2/1024.
  const std::vector<double> before(10, 0.5);
  const std::vector<double> after(10, 0.6);
  const PairedComparison up = compare_paired(before, after, 20000);
  CHECK(up.queries == 10);
  CHECK(up.better == 10);
  CHECK(up.worse == 0);
  CHECK(up.mean_difference == doctest::Approx(0.1));
  CHECK(up.p_value > 0.001);
  CHECK(up.p_value < 0.004);
  // One query up, one down by as much: no evidence either way.
  const PairedComparison even = compare_paired({0.2, 0.8, 0.5}, {0.8, 0.2, 0.5}, 1000);
  CHECK(even.better == 1);
  CHECK(even.worse == 1);
  CHECK(even.mean_difference == doctest::Approx(0.0));
  CHECK(even.p_value == doctest::Approx(1.0));
  // Nothing changed: p is 1.
  CHECK(compare_paired(before, before, 1000).p_value == doctest::Approx(1.0));
  CHECK_THROWS((void)compare_paired({0.1}, {0.1, 0.2}));
}

}  // namespace
}  // namespace morgue::bench
