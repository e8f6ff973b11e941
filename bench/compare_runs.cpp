// morgue-bench-compare: two ranked runs of one BEIR collection compared query by query, for
// a ranking change's closing note: each metric's mean before and after, how many queries rose
// and fell, and a paired randomisation test's p-value; --changes lists the queries that moved.
//
//   morgue-bench-compare --data DIR [--changes] BEFORE.trec AFTER.trec
//
// DIR holds qrels/test.tsv and queries.jsonl (morgue-bench-beir's --data); the runs are the
// TREC files morgue-bench-beir writes (--run). Queries with no relevant document are left out,
// as morgue-bench-beir leaves them out; a query a run lacks scores 0. Exit 0, 2 on bad usage
// or unreadable files.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/relevance.h"

namespace fs = std::filesystem;
using morgue::bench::Qrels;
using morgue::bench::Run;

namespace {

struct Metric {
  const char* name;
  double (*score)(const std::vector<std::string>&, const std::map<std::string, int>&);
};

const Metric kMetrics[] = {
    {"nDCG@10", [](const auto& r, const auto& g) { return morgue::bench::ndcg_at(r, g, 10); }},
    {"Recall@100",
     [](const auto& r, const auto& g) { return morgue::bench::recall_at(r, g, 100); }},
    {"MAP@100",
     [](const auto& r, const auto& g) { return morgue::bench::average_precision(r, g, 100); }},
};

const std::vector<std::string>& ranked(const Run& run, const std::string& qid) {
  static const std::vector<std::string> kNone;
  const auto it = run.find(qid);
  return it == run.end() ? kNone : it->second.ids;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path data;
  bool changes = false;
  std::vector<fs::path> runs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--data" && i + 1 < argc) {
      data = argv[++i];
    } else if (arg == "--changes") {
      changes = true;
    } else if (!arg.starts_with("--")) {
      runs.emplace_back(arg);
    } else {
      runs.clear();
      break;
    }
  }
  if (data.empty() || runs.size() != 2) {
    std::cerr << "usage: morgue-bench-compare --data DIR [--changes] BEFORE.trec AFTER.trec\n";
    return 2;
  }
  Qrels qrels;
  std::map<std::string, std::string> queries;
  Run before, after;
  try {
    qrels = morgue::bench::read_qrels(data / "qrels" / "test.tsv");
    queries = morgue::bench::read_queries(data / "queries.jsonl");
    before = morgue::bench::read_trec_run(runs[0]);
    after = morgue::bench::read_trec_run(runs[1]);
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-compare: " << e.what() << '\n';
    return 2;
  }
  std::vector<std::string> judged;  // queries with a relevant document
  for (const auto& [qid, grades] : qrels) {
    if (morgue::bench::relevant_count(grades) > 0) judged.push_back(qid);
  }
  std::printf(
      "%-12s %8s %8s %8s %5s %5s %5s %8s  (%zu queries; p: paired randomisation, "
      "two-sided)\n",
      "metric", "before", "after", "change", "up", "down", "same", "p", judged.size());
  for (const Metric& m : kMetrics) {
    std::vector<double> a, b;
    for (const std::string& qid : judged) {
      a.push_back(m.score(ranked(before, qid), qrels.at(qid)));
      b.push_back(m.score(ranked(after, qid), qrels.at(qid)));
    }
    const auto c = morgue::bench::compare_paired(a, b);
    double mean_a = 0, mean_b = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      mean_a += a[i] / double(a.size());
      mean_b += b[i] / double(b.size());
    }
    std::printf("%-12s %8.4f %8.4f %+8.4f %5zu %5zu %5zu %8.4f\n", m.name, mean_a, mean_b,
                c.mean_difference, c.better, c.worse, c.queries - c.better - c.worse, c.p_value);
  }
  if (!changes) return 0;
  std::printf("\nqueries that moved (nDCG@10, MAP@100 before -> after; relevant articles):\n");
  for (const std::string& qid : judged) {
    const auto& grades = qrels.at(qid);
    const double n0 = morgue::bench::ndcg_at(ranked(before, qid), grades, 10);
    const double n1 = morgue::bench::ndcg_at(ranked(after, qid), grades, 10);
    const double m0 = morgue::bench::average_precision(ranked(before, qid), grades, 100);
    const double m1 = morgue::bench::average_precision(ranked(after, qid), grades, 100);
    if (std::abs(n1 - n0) < 1e-9 && std::abs(m1 - m0) < 1e-9) continue;
    std::printf("%-14s %.3f -> %.3f  %.3f -> %.3f  %4zu  %s\n", qid.c_str(), n0, n1, m0, m1,
                morgue::bench::relevant_count(grades),
                queries.count(qid) ? queries.at(qid).c_str() : "");
  }
  return 0;
}
