// morgue-bench-facets: what facet counting costs a query, in-process, side by side.
//
//   morgue-bench-facets --db PATH [--repeat N] [--facets SPEC] [QUERY...]
//
// For each query (default: the term matching closest to half the index, and the empty
// query), runs search() without and with facets (default outlet,person,date) N times
// (default 15) and prints the median and 90th-percentile wall times and their ratio.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/index/index_db.h"
#include "searcher/search.h"

namespace {

double run_ms(const morgue::SearchOptions& o, Xapian::doccount* total) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = morgue::search(o);
  *total = r.total;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// The candidate word whose article frequency is closest to half the index.
std::string half_term(const Xapian::Database& db) {
  const double half = db.get_doccount() / 2.0;
  std::string best;
  double best_gap = 1e18;
  for (const char* w : {"said", "year", "pct", "mln", "would", "new", "company", "also", "govern",
                        "will", "people", "nation", "state", "may", "two", "last", "one"}) {
    const double gap = std::abs(static_cast<double>(db.get_termfreq(w)) - half);
    if (gap < best_gap) {
      best_gap = gap;
      best = w;
    }
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, spec = "outlet,person,date";
  int repeat = 15;
  std::vector<std::string> queries;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc)
      db_path = argv[++i];
    else if (arg == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--facets" && i + 1 < argc)
      spec = argv[++i];
    else if (!arg.starts_with("--"))
      queries.push_back(arg);
    else {
      std::cerr << "usage: morgue-bench-facets --db PATH [--repeat N] [--facets SPEC] [QUERY...]\n";
      return 2;
    }
  }
  if (db_path.empty()) {
    std::cerr << "morgue-bench-facets: --db PATH is required\n";
    return 2;
  }
  try {
    const Xapian::Database db = morgue::open_index_for_reading(db_path);
    if (queries.empty()) queries = {half_term(db), ""};
    std::printf("index: %s, %u articles; facets: %s; %d runs each\n", db_path.c_str(),
                db.get_doccount(), spec.c_str(), repeat);
    std::printf("%-12s %9s %12s %12s %12s %12s %7s\n", "query", "matches", "plain p50 ms",
                "plain p90 ms", "facets p50", "facets p90", "ratio");
    for (const std::string& q : queries) {
      morgue::SearchOptions plain;
      plain.db = db_path;
      plain.query = q;
      morgue::SearchOptions faceted = plain;
      faceted.facets = morgue::parse_facet_spec(spec);
      std::vector<double> a, b;
      Xapian::doccount total = 0;
      run_ms(plain, &total);  // warm the page cache
      run_ms(faceted, &total);
      for (int i = 0; i < repeat; ++i) {
        a.push_back(run_ms(plain, &total));
        b.push_back(run_ms(faceted, &total));
      }
      std::printf("%-12s %9u %12.2f %12.2f %12.2f %12.2f %6.1fx\n", q.empty() ? "''" : q.c_str(),
                  total, percentile(a, 0.5), percentile(a, 0.9), percentile(b, 0.5),
                  percentile(b, 0.9), percentile(b, 0.5) / percentile(a, 0.5));
    }
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-facets: error: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
