// Relevance evaluation in the BEIR layout: reading corpus.jsonl, queries.jsonl and
// qrels/test.tsv, scoring ranked runs (nDCG@10, Recall@100, MAP@100 as trec_eval computes
// them) and writing TREC run files. Bench-only.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace morgue::bench {

/// Relevance grades: query id -> document id -> grade (> 0 relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

/// One ranked result list.
struct RankedList {
  std::vector<std::string> ids;  ///< best first
  std::vector<double> scores;    ///< same length as ids
};

/// Ranked results per query id.
using Run = std::map<std::string, RankedList>;

/// How many of `grades` are relevant (a grade above 0).
[[nodiscard]] std::size_t relevant_count(const std::map<std::string, int>& grades);

/// nDCG@k with linear gains (the grade) and log2 discounts, as trec_eval's ndcg_cut.
[[nodiscard]] double ndcg_at(const std::vector<std::string>& ranked,
                             const std::map<std::string, int>& grades, std::size_t k);
/// Share of the relevant documents found in the first k.
[[nodiscard]] double recall_at(const std::vector<std::string>& ranked,
                               const std::map<std::string, int>& grades, std::size_t k);
/// Average precision over the first k, divided by all relevant documents (trec_eval map_cut).
[[nodiscard]] double average_precision(const std::vector<std::string>& ranked,
                                       const std::map<std::string, int>& grades, std::size_t k);

/// Mean figures over the queries of `qrels` with at least one relevant document; a query the
/// run lacks scores 0.
struct Evaluation {
  std::size_t queries = 0;
  double ndcg10 = 0, recall100 = 0, map100 = 0;
};
[[nodiscard]] Evaluation evaluate(const Qrels& qrels, const Run& run);

/// qrels/test.tsv: "query-id TAB corpus-id TAB score" lines after a header line.
/// Throws std::runtime_error naming the file and line on a malformed line.
[[nodiscard]] Qrels read_qrels(const std::filesystem::path& file);

/// queries.jsonl: {"_id": ..., "text": ...} per line -> id -> text.
[[nodiscard]] std::map<std::string, std::string> read_queries(const std::filesystem::path& file);

/// Writes `run` in TREC format: "qid Q0 docid rank score tag".
void write_trec_run(const Run& run, const std::string& tag, std::ostream& out);

/// Reads a TREC run file (write_trec_run()'s format), each query's list in rank order.
/// Throws std::runtime_error naming the file and line on a malformed line.
[[nodiscard]] Run read_trec_run(const std::filesystem::path& file);

/// Two runs' figures for one metric, query by query (`before` and `after` of equal length).
struct PairedComparison {
  std::size_t queries = 0;
  std::size_t better = 0, worse = 0;  ///< queries whose figure rose, fell (the rest: the same)
  double mean_difference = 0;         ///< mean of after - before
  double p_value = 1;                 ///< two-sided, paired randomisation test
};

/// Compares `after` with `before` query by query. The p-value is the share of `permutations`
/// random sign flips of the per-query differences (seeded: reproducible) whose mean is at
/// least as far from 0 as the observed one, counting the observed labelling as one of them.
[[nodiscard]] PairedComparison compare_paired(const std::vector<double>& before,
                                              const std::vector<double>& after,
                                              std::size_t permutations = 100000);

}  // namespace morgue::bench
