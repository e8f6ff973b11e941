// Relevance metrics and BEIR files.
#include "bench/relevance.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace morgue::bench {
namespace {

// Differences smaller than this are rounding, not a change.
constexpr double kSameFigure = 1e-9;

int grade_of(const std::map<std::string, int>& grades, const std::string& id) {
  const auto it = grades.find(id);
  return it == grades.end() ? 0 : std::max(it->second, 0);
}

}  // namespace

std::size_t relevant_count(const std::map<std::string, int>& grades) {
  return static_cast<std::size_t>(
      std::count_if(grades.begin(), grades.end(), [](const auto& g) { return g.second > 0; }));
}

double ndcg_at(const std::vector<std::string>& ranked, const std::map<std::string, int>& grades,
               std::size_t k) {
  double dcg = 0;
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
    dcg += grade_of(grades, ranked[i]) / std::log2(double(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [id, g] : grades) {
    if (g > 0) ideal.push_back(g);
  }
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (std::size_t i = 0; i < ideal.size() && i < k; ++i)
    idcg += ideal[i] / std::log2(double(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at(const std::vector<std::string>& ranked, const std::map<std::string, int>& grades,
                 std::size_t k) {
  const std::size_t relevant = relevant_count(grades);
  if (relevant == 0) return 0;
  std::size_t found = 0;
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) found += grade_of(grades, ranked[i]) > 0;
  return double(found) / double(relevant);
}

double average_precision(const std::vector<std::string>& ranked,
                         const std::map<std::string, int>& grades, std::size_t k) {
  const std::size_t relevant = relevant_count(grades);
  if (relevant == 0) return 0;
  std::size_t found = 0;
  double sum = 0;
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
    if (grade_of(grades, ranked[i]) > 0) sum += double(++found) / double(i + 1);
  }
  return sum / double(relevant);
}

Evaluation evaluate(const Qrels& qrels, const Run& run) {
  Evaluation e;
  static const RankedList kNone;
  for (const auto& [qid, grades] : qrels) {
    if (relevant_count(grades) == 0) continue;
    const auto it = run.find(qid);
    const auto& ranked = (it == run.end() ? kNone : it->second).ids;
    ++e.queries;
    e.ndcg10 += ndcg_at(ranked, grades, 10);
    e.recall100 += recall_at(ranked, grades, 100);
    e.map100 += average_precision(ranked, grades, 100);
  }
  if (e.queries > 0) {
    e.ndcg10 /= double(e.queries);
    e.recall100 /= double(e.queries);
    e.map100 /= double(e.queries);
  }
  return e;
}

Qrels read_qrels(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot open");
  Qrels qrels;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 || line.empty()) continue;  // header
    std::istringstream fields(line);
    std::string qid, did, grade;
    if (!std::getline(fields, qid, '\t') || !std::getline(fields, did, '\t') ||
        !std::getline(fields, grade, '\t')) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": expected query-id TAB corpus-id TAB score");
    }
    try {
      qrels[qid][did] = std::stoi(grade);
    } catch (const std::exception&) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": score \"" + grade +
                               "\" is not an integer");
    }
  }
  return qrels;
}

std::map<std::string, std::string> read_queries(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot open");
  std::map<std::string, std::string> queries;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const auto j = nlohmann::json::parse(line);
      queries[j.at("_id").get<std::string>()] = j.at("text").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return queries;
}

void write_trec_run(const Run& run, const std::string& tag, std::ostream& out) {
  for (const auto& [qid, list] : run) {
    for (std::size_t i = 0; i < list.ids.size(); ++i) {
      out << qid << " Q0 " << list.ids[i] << ' ' << i + 1 << ' ' << list.scores[i] << ' ' << tag
          << '\n';
    }
  }
}

Run read_trec_run(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot open");
  std::map<std::string, std::vector<std::tuple<long, std::string, double>>> ranked;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string qid, q0, did;
    long rank = 0;
    double score = 0;
    if (!(fields >> qid >> q0 >> did >> rank >> score)) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": expected qid Q0 docid rank score tag");
    }
    ranked[qid].emplace_back(rank, did, score);
  }
  Run run;
  for (auto& [qid, rows] : ranked) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    RankedList& list = run[qid];
    for (const auto& [rank, did, score] : rows) {
      list.ids.push_back(did);
      list.scores.push_back(score);
    }
  }
  return run;
}

PairedComparison compare_paired(const std::vector<double>& before, const std::vector<double>& after,
                                std::size_t permutations) {
  if (before.size() != after.size()) {
    throw std::invalid_argument("compare_paired: runs of different lengths");
  }
  PairedComparison c;
  c.queries = before.size();
  if (c.queries == 0) return c;
  std::vector<double> differences;
  double sum = 0;
  for (std::size_t i = 0; i < c.queries; ++i) {
    const double d = after[i] - before[i];
    differences.push_back(d);
    sum += d;
    if (d > kSameFigure) ++c.better;
    if (d < -kSameFigure) ++c.worse;
  }
  c.mean_difference = sum / double(c.queries);
  // Under the null hypothesis the two runs are exchangeable query by query: each difference
  // is as likely to have had the other sign.
  std::mt19937_64 random(20261204);
  std::bernoulli_distribution flip(0.5);
  const double observed = std::abs(sum) - kSameFigure;
  std::size_t as_extreme = 1;  // the observed labelling itself
  for (std::size_t p = 0; p < permutations; ++p) {
    double flipped = 0;
    for (const double d : differences) flipped += flip(random) ? -d : d;
    if (std::abs(flipped) >= observed) ++as_extreme;
  }
  c.p_value = double(as_extreme) / double(permutations + 1);
  return c;
}

}  // namespace morgue::bench
