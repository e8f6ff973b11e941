// morgue-bench-feedback: what pseudo-relevance feedback (searcher/query/feedback.h) costs a
// query, side by side with the same query without it, over a fixed set of short and long
// queries, the two alternating:
//  1. In-process: morgue's search() on a database kept open (a server thread's work, the
//     output aside): median over the runs.
//  2. Whole processes: morgue-search spawned and waited for (a command-line request: open,
//     parse, match, print), --feedback-min-terms 0 against the defaults: median over the runs.
//
//   morgue-bench-feedback --db INDEX [--runs N] [--bin DIR]
//
// DIR: where morgue-search is (default: this build's). "on" is feedback as shipped (the
// defaults); it applies to queries of four words or more, and the shorter ones show that the
// gate itself costs nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/command.h"
#include "common/index/index_db.h"
#include "searcher/search.h"

namespace {

struct BenchQuery {
  const char* label;
  const char* text;
  bool any;
};

// One word, a few, and long questions (from bench/data/reuters-questions), with --any where a
// long question needs it (all words required, a long question matches almost nothing).
constexpr BenchQuery kQueries[] = {
    {"one word", "oil", false},
    {"two words", "oil prices", false},
    {"five words", "oil prices opec output agreement", false},
    {"five words, --any", "oil prices opec output agreement", true},
    {"question, --any", "how fast did consumer prices rise and what was the annual inflation rate",
     true},
    {"question, --any",
     "which companies agreed to buy or take over other companies, and what did they offer for "
     "the shares",
     true},
    {"question, --any",
     "what net profit and earnings per share did the company report for the quarter or year", true},
    // Names something: passes no gate.
    {"naming, --any", "how did the Swedish crown move in the currency markets", true},
};

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

template <class F>
double milliseconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path db_path, bin = morgue::bench::default_bin_dir(argv[0]);
  int runs = 21;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--db" && has_value) {
      db_path = argv[++i];
    } else if (arg == "--runs" && has_value) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--bin" && has_value) {
      bin = argv[++i];
    } else {
      std::cerr << "usage: morgue-bench-feedback --db INDEX [--runs N] [--bin DIR]\n";
      return 2;
    }
  }
  if (db_path.empty()) {
    std::cerr << "morgue-bench-feedback: --db INDEX is required\n";
    return 2;
  }
  try {
    Xapian::Database db = morgue::open_index_for_reading(db_path);
    std::printf("%-20s %9s %9s %6s %9s %9s %6s  (ms, median of %d)\n", "query", "in off", "in on",
                "ratio", "proc off", "proc on", "ratio", runs);
    for (const BenchQuery& q : kQueries) {
      morgue::SearchOptions on;
      on.db = db_path;
      on.query = q.text;
      on.match_any = q.any;
      morgue::SearchOptions off = on;
      off.feedback_min_terms = 0;
      std::vector<double> in_off, in_on, proc_off, proc_on;
      std::vector<std::string> argv_on{(bin / "morgue-search").string(), "--db", db_path.string()};
      if (q.any) argv_on.emplace_back("--any");
      argv_on.emplace_back(q.text);
      std::vector<std::string> argv_off = argv_on;
      argv_off.insert(argv_off.begin() + 3, {"--feedback-min-terms", "0"});
      (void)morgue::search(off, db, nullptr);  // warm the caches for both
      (void)morgue::search(on, db, nullptr);
      for (int r = 0; r < runs; ++r) {
        const auto in_process = [&](const morgue::SearchOptions& o, std::vector<double>& out) {
          out.push_back(milliseconds([&] { (void)morgue::search(o, db, nullptr); }));
        };
        bool failed = false;
        const auto process = [&](const std::vector<std::string>& args, std::vector<double>& out) {
          out.push_back(milliseconds(
              [&] { failed = morgue::bench::run_discarding_output(args, true) != 0 || failed; }));
        };
        // Each goes first every other run: the second of a pair finds the caches warmer.
        if (r % 2 == 0) {
          in_process(off, in_off);
          in_process(on, in_on);
          process(argv_off, proc_off);
          process(argv_on, proc_on);
        } else {
          in_process(on, in_on);
          in_process(off, in_off);
          process(argv_on, proc_on);
          process(argv_off, proc_off);
        }
        if (failed) {
          std::cerr << "morgue-bench-feedback: morgue-search failed on '" << q.text << "'\n";
          return 2;
        }
      }
      const double a = median(in_off), b = median(in_on), c = median(proc_off), d = median(proc_on);
      std::printf("%-20s %9.2f %9.2f %5.2fx %9.2f %9.2f %5.2fx\n", q.label, a, b, b / a, c, d,
                  d / c);
    }
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-feedback: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
