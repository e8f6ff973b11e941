// morgue-bench-beir: relevance of morgue's ranking on a collection in the BEIR layout.
//
//   morgue-bench-beir --data DIR [--bin DIR] [--work DIR] [--run FILE] [--name NAME]
//                     [--keep-index] [--index-arg ARG]... [--search-arg ARG]...
//
// DIR holds corpus.jsonl ({"_id", "title", "text"}), queries.jsonl ({"_id", "text"}) and
// qrels/test.tsv. The corpus is written as morgue article records and indexed with the real
// morgue-index (plus any --index-arg); every judged query then goes through the real
// morgue-search (--json --limit 100 --no-collapse, plus any --search-arg: --any,
// --bm25-k1 1.0, --collapse to keep folding copies). Prints one table row: queries,
// nDCG@10, Recall@100, MAP@100; writes the TREC run file (default WORK/run.trec).
// Exit status 0, 1 when a query failed (it scores 0 and is counted), 2 on bad usage or
// unreadable files.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench/command.h"
#include "bench/relevance.h"

namespace fs = std::filesystem;
using morgue::bench::run_command;

namespace {

std::string text_of(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
}

// corpus.jsonl -> morgue article records; returns how many.
std::size_t write_articles(const fs::path& corpus, const fs::path& out_path) {
  std::ifstream in(corpus);
  if (!in) throw std::runtime_error(corpus.string() + ": cannot open");
  std::ofstream out(out_path);
  std::string line;
  std::size_t n = 0;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(corpus.string() + ":" + std::to_string(number) + ": " + e.what());
    }
    std::string body = text_of(doc.value("text", nlohmann::json()));
    const std::string title = text_of(doc.value("title", nlohmann::json()));
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) body = title;  // title-only
    nlohmann::json record = {{"id", text_of(doc.at("_id"))}, {"body", body}};
    if (!title.empty()) record["title"] = title;
    out << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    ++n;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path data, work = "bench-beir", run_file;
  fs::path bin = morgue::bench::default_bin_dir(argv[0]);
  std::string name;
  bool keep_index = false, collapse = false;
  std::vector<std::string> index_args, search_args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--data" && has_value) {
      data = argv[++i];
    } else if (arg == "--bin" && has_value) {
      bin = argv[++i];
    } else if (arg == "--work" && has_value) {
      work = argv[++i];
    } else if (arg == "--run" && has_value) {
      run_file = argv[++i];
    } else if (arg == "--name" && has_value) {
      name = argv[++i];
    } else if (arg == "--keep-index") {
      keep_index = true;
    } else if (arg == "--index-arg" && has_value) {
      index_args.emplace_back(argv[++i]);
    } else if (arg == "--search-arg" && has_value) {
      if (std::string(argv[i + 1]) == "--collapse") {
        collapse = true;
        ++i;
      } else {
        search_args.emplace_back(argv[++i]);
      }
    } else {
      std::cerr << "usage: morgue-bench-beir --data DIR [--bin DIR] [--work DIR] [--run FILE] "
                   "[--name NAME] [--keep-index] [--index-arg ARG]... [--search-arg ARG]...\n";
      return 2;
    }
  }
  if (data.empty()) {
    std::cerr << "morgue-bench-beir: --data DIR is required\n";
    return 2;
  }
  if (name.empty()) name = fs::absolute(data).lexically_normal().filename().string();
  if (run_file.empty()) run_file = work / "run.trec";

  morgue::bench::Qrels qrels;
  std::map<std::string, std::string> queries;
  const fs::path db = work / "db";
  double index_seconds = 0;
  try {
    qrels = morgue::bench::read_qrels(data / "qrels" / "test.tsv");
    queries = morgue::bench::read_queries(data / "queries.jsonl");
    fs::create_directories(work);
    if (!keep_index || !fs::exists(db)) {
      const fs::path articles = work / "articles.jsonl";
      write_articles(data / "corpus.jsonl", articles);
      fs::remove_all(db);
      std::vector<std::string> argv_index{(bin / "morgue-index").string(), "--db", db.string(),
                                          "--quiet"};
      argv_index.insert(argv_index.end(), index_args.begin(), index_args.end());
      // One shard unless asked otherwise, whatever the machine: figures that do not move
      // with its cores.
      if (std::find(index_args.begin(), index_args.end(), "--shards") == index_args.end()) {
        argv_index.insert(argv_index.end(), {"--shards", "1"});
      }
      argv_index.push_back(articles.string());
      const auto r = run_command(argv_index);
      index_seconds = r.seconds;
      if (r.status != 0) {
        std::cerr << "morgue-bench-beir: morgue-index failed with status " << r.status << '\n';
        return 2;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-beir: " << e.what() << '\n';
    return 2;
  }

  morgue::bench::Run run;
  std::size_t failed = 0;
  double search_seconds = 0;
  for (const auto& [qid, grades] : qrels) {
    const auto q = queries.find(qid);
    if (q == queries.end()) {
      std::cerr << "morgue-bench-beir: query " << qid << " is judged but not in queries.jsonl\n";
      ++failed;
      continue;
    }
    std::vector<std::string> argv_search{(bin / "morgue-search").string(),
                                         "--db",
                                         db.string(),
                                         "--json",
                                         "--limit",
                                         "100",
                                         "--color",
                                         "never"};
    if (!collapse) argv_search.emplace_back("--no-collapse");
    argv_search.insert(argv_search.end(), search_args.begin(), search_args.end());
    argv_search.emplace_back("--");
    argv_search.push_back(q->second);
    const auto r = run_command(argv_search);
    search_seconds += r.seconds;
    if (r.status != 0 && r.status != 1) {
      std::cerr << "morgue-bench-beir: query " << qid << " failed (status " << r.status << ")\n";
      ++failed;
      continue;
    }
    auto& list = run[qid];
    const auto result = nlohmann::json::parse(r.out);  // named: the loop borrows from it
    for (const auto& hit : result.at("hits")) {
      list.ids.push_back(hit.at("id").get<std::string>());
      list.scores.push_back(hit.at("score").get<double>());
    }
  }
  {
    std::ofstream out(run_file);
    morgue::bench::write_trec_run(run, "morgue", out);
  }
  const auto e = morgue::bench::evaluate(qrels, run);
  std::printf("%-24s %8s %9s %10s %8s %8s %9s\n", "collection", "queries", "nDCG@10", "Recall@100",
              "MAP@100", "index s", "search s");
  std::printf("%-24s %8zu %9.4f %10.4f %8.4f %8.1f %9.1f\n", name.c_str(), e.queries, e.ndcg10,
              e.recall100, e.map100, index_seconds, search_seconds);
  std::printf("run file: %s\n", run_file.string().c_str());
  if (failed > 0) std::fprintf(stderr, "morgue-bench-beir: %zu queries failed\n", failed);
  return failed > 0 ? 1 : 0;
}
