// morgue-bench-latency: query latency side by side on the same corpus, over the fixed query
// set bench/queries.txt, engines alternating, median and p99.
//  1. In-process: morgue's search() (a whole morgue-search request but the output: open,
//     parse, match, collapse, facets, snippets), Xapian's own QueryParser and Enquire as
//     quest runs them, and SQLite FTS5 through libsqlite3 (top 10 by its bm25 rank with a
//     snippet). Each opens its index per query, as one command-line request does.
//  2. Whole processes, spawned and waited for: morgue-search, quest, sqlite3.
//
//   morgue-bench-latency --db MORGUE_INDEX --sqlite FTS5_DB [--queries FILE] [--runs N]
//                        [--bin DIR]
//
// MORGUE_INDEX: a one-shard morgue index (Xapian opens its generation directly, as quest).
// DIR: where morgue-search is (default: this build's).
#include <sqlite3.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/command.h"
#include "common/index/index_db.h"
#include "searcher/facets/facets.h"
#include "searcher/search.h"

namespace {

struct Query {
  std::string label, quest, morgue, facets, match, filter;
};

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream s(line);
    std::string part;
    while (std::getline(s, part, '|')) f.push_back(part);
    f.resize(6);
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return out;
}

// Median and 99th percentile in ms.
std::pair<double, double> stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double p) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
  };
  return {at(0.5), at(0.99)};
}

double time_ms(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// What quest does for a query: open, parse (English stemming, its boolean prefixes),
// top 10, each hit's data read.
void xapian_query(const std::string& db_path, const std::string& text) {
  Xapian::Database db(db_path);
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.add_boolean_prefix("outlet", "XO");
  qp.add_boolean_prefix("year", "Y");
  Xapian::Enquire enquire(db);
  enquire.set_query(qp.parse_query(text));
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  std::size_t bytes = 0;
  for (auto m = mset.begin(); m != mset.end(); ++m) bytes += m.get_document().get_data().size();
  if (bytes == 1) std::cerr << "";  // keep the reads
}

class Sqlite {
 public:
  explicit Sqlite(const std::string& path) : path_(path) {}
  void query(const Query& q) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      const std::string error = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw std::runtime_error(path_ + ": " + error);
    }
    const std::string where =
        "docs MATCH ?1" + (q.filter.empty() ? std::string() : " AND " + q.filter);
    run(db,
        "SELECT id, title, snippet(docs, 4, '', '', '...', 24) FROM docs WHERE " + where +
            " ORDER BY rank LIMIT 10",
        q.match);
    if (!q.facets.empty()) {
      run(db, "SELECT outlet, count(*) FROM docs WHERE " + where + " GROUP BY outlet", q.match);
      run(db, "SELECT substr(published, 1, 7), count(*) FROM docs WHERE " + where + " GROUP BY 1",
          q.match);
    }
    sqlite3_close(db);
  }

 private:
  static void run(sqlite3* db, const std::string& sql, const std::string& match) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + ": " + sql);
    }
    sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
  }
  std::string path_;
};

// The SELECTs SQLite runs for `q`, with the MATCH text as a literal (for the sqlite3 shell).
std::string sqlite_script(const Query& q) {
  std::string literal = "'";
  for (const char c : q.match) literal += c == '\'' ? std::string("''") : std::string(1, c);
  literal += "'";
  const std::string where =
      "docs MATCH " + literal + (q.filter.empty() ? std::string() : " AND " + q.filter);
  std::string sql = "SELECT id, title, snippet(docs, 4, '', '', '...', 24) FROM docs WHERE " +
                    where + " ORDER BY rank LIMIT 10;";
  if (!q.facets.empty()) {
    sql += "SELECT outlet, count(*) FROM docs WHERE " + where + " GROUP BY outlet;";
    sql += "SELECT substr(published, 1, 7), count(*) FROM docs WHERE " + where + " GROUP BY 1;";
  }
  return sql;
}

// Wall time of a whole process, output discarded; throws if it fails.
double process_ms(const std::vector<std::string>& argv) {
  const auto start = std::chrono::steady_clock::now();
  const int status = morgue::bench::run_discarding_output(argv, /*quiet_stderr=*/true);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // Exit status 1 is "nothing matched" for morgue-search (and quest never uses it).
  if (status < 0 || status > 1) {
    std::string line;
    for (const auto& a : argv) line += " " + a;
    throw std::runtime_error("failed:" + line);
  }
  return ms;
}

// Times the three engines `runs` times each, alternating, after one warm-up round (the page
// cache), and prints a table row: median / p99 ms each, morgue's ratios to the other two.
void compare(const std::string& label, int runs, const std::function<double()>& xapian,
             const std::function<double()>& sqlite, const std::function<double()>& morgue) {
  std::vector<double> x, s, m;
  for (int r = -1; r < runs; ++r) {
    const double tx = xapian();
    const double ts = sqlite();
    const double tm = morgue();
    if (r < 0) continue;
    x.push_back(tx);
    s.push_back(ts);
    m.push_back(tm);
  }
  const auto [xm, xp] = stats(x);
  const auto [sm, sp] = stats(s);
  const auto [mm, mp] = stats(m);
  std::printf("%-28s %7.2f / %-6.2f %7.2f / %-6.2f %7.2f / %-6.2f %8.2fx %8.2fx\n", label.c_str(),
              xm, xp, sm, sp, mm, mp, mm / xm, mm / sm);
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, sqlite_path, queries_path = MORGUE_SOURCE_DIR "/bench/queries.txt";
  std::filesystem::path bin = morgue::bench::default_bin_dir(argv[0]);
  int runs = 30;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--sqlite" && i + 1 < argc) {
      sqlite_path = argv[++i];
    } else if (arg == "--queries" && i + 1 < argc) {
      queries_path = argv[++i];
    } else if (arg == "--bin" && i + 1 < argc) {
      bin = argv[++i];
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      std::cerr << "usage: morgue-bench-latency --db MORGUE_INDEX --sqlite FTS5_DB "
                   "[--queries FILE] [--runs N] [--bin DIR]\n";
      return 2;
    }
  }
  if (db_path.empty() || sqlite_path.empty()) {
    std::cerr << "morgue-bench-latency: --db and --sqlite are required\n";
    return 2;
  }
  try {
    const auto shards = morgue::live_shards(db_path);
    if (shards.size() != 1) throw std::runtime_error("needs a one-shard index");
    const std::string xapian_path = shards.front().string();
    Sqlite sqlite(sqlite_path);
    const std::vector<Query> queries = read_queries(queries_path);
    std::printf("in-process, median / p99 ms over %d runs each (engines alternate)\n", runs);
    std::printf("%-28s %15s %15s %15s %9s %9s\n", "query", "Xapian (quest)", "SQLite FTS5",
                "morgue", "/Xapian", "/SQLite");
    for (const Query& q : queries) {
      morgue::SearchOptions options;
      options.db = db_path;
      options.query = q.morgue;
      if (!q.facets.empty()) options.facets = morgue::parse_facet_spec(q.facets);
      compare(
          q.label, runs, [&] { return time_ms([&] { xapian_query(xapian_path, q.quest); }); },
          [&] { return time_ms([&] { sqlite.query(q); }); },
          [&] { return time_ms([&] { (void)morgue::search(options); }); });
    }

    std::printf("\nwhole processes, median / p99 ms over %d runs each (engines alternate)\n", runs);
    std::printf("%-28s %15s %15s %15s %9s %9s\n", "query", "quest", "sqlite3", "morgue-search",
                "/quest", "/sqlite3");
    const std::string search = (bin / "morgue-search").string();
    for (const Query& q : queries) {
      std::vector<std::string> quest_command = {"quest",     "-d", xapian_path, "-m",
                                                "10",        "-s", "english",   "-b",
                                                "outlet:XO", "-b", "year:Y",    q.quest};
      std::vector<std::string> sqlite_command = {"sqlite3", "-readonly", sqlite_path,
                                                 sqlite_script(q)};
      std::vector<std::string> morgue_command = {search, "--db", db_path};
      if (!q.facets.empty()) morgue_command.insert(morgue_command.end(), {"--facets", q.facets});
      morgue_command.push_back(q.morgue);
      compare(
          q.label, runs, [&] { return process_ms(quest_command); },
          [&] { return process_ms(sqlite_command); }, [&] { return process_ms(morgue_command); });
    }
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-latency: error: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
