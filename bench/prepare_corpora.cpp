// morgue-bench-prepare: turns the shared corpora into JSONL article records
// (schemas/article.schema.json) for the benchmarks.
//
//   morgue-bench-prepare [--shared DIR] [--out DIR] [--scale N]... [--beir]
//
// Writes OUT/reuters.jsonl (21,578 newswire articles of 1987, dated; bad bytes kept as
// U+FFFD), OUT/sotu.jsonl (State of the Union addresses 1790-2021 cut into paragraph-sized
// articles of about 120 words at sentence ends, each with a synthetic outlet and date), and
// for each --scale N (default 20) OUT/reuters-xN.jsonl and OUT/sotu-xN.jsonl: N copies with
// unique ids, to see how costs grow. With --beir it writes instead two relevance collections
// in the BEIR layout for morgue-bench-beir: OUT/beir-reuters-topics (topic descriptions as
// queries) and OUT/beir-reuters-people (people's names), judged by Reuters' annotations.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "bench/reuters_sgml.h"
#include "common/text/utf8.h"

namespace fs = std::filesystem;

namespace {

// Sentence-end cuts: after ". ", "? ", "! " once at least `words` words are collected.
std::vector<std::string> paragraphs(const std::string& text, std::size_t words) {
  std::vector<std::string> out;
  std::string current;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    current += text[i];
    if (text[i] == ' ') ++count;
    const bool sentence_end = (text[i] == '.' || text[i] == '?' || text[i] == '!') &&
                              i + 1 < text.size() && text[i + 1] == ' ';
    if (sentence_end && count >= words) {
      out.push_back(current);
      current.clear();
      count = 0;
      ++i;  // the space
    }
  }
  if (current.find_first_not_of(' ') != std::string::npos) out.push_back(current);
  return out;
}

void write_scaled(const fs::path& base, const std::vector<nlohmann::json>& records, int copies) {
  std::ofstream out(base);
  for (int c = 0; c < copies; ++c) {
    for (nlohmann::json r : records) {
      if (copies > 1) r["id"] = r["id"].get<std::string>() + "-c" + std::to_string(c);
      out << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  }
  std::cerr << "morgue-bench-prepare: " << base.string() << ": " << records.size() * copies
            << " articles\n";
}

std::vector<nlohmann::json> reuters(const fs::path& dir) {
  std::vector<nlohmann::json> out;
  for (const auto& a : morgue::bench::read_reuters_dir(dir)) {
    if (a.body.empty() && a.title.empty()) continue;
    nlohmann::json r = {{"id", "reuters-" + a.newid}, {"outlet", "Reuters"}, {"body", a.body}};
    if (!a.title.empty()) r["title"] = a.title;
    if (a.date) r["published"] = a.date->iso();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<nlohmann::json> sotu(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<nlohmann::json> out;
  static const char* kOutlets[] = {"Congressional Record", "National Archives", "White House"};
  for (const auto& f : files) {
    std::ifstream in(f);
    const auto speech = nlohmann::json::parse(in);
    const int year = speech.at("year");
    const std::string name = speech.at("name");
    const auto parts =
        paragraphs(morgue::repair_utf8(speech.at("text").get<std::string>()).text, 120);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      // Synthetic but valid dates spread over the year the address was given.
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02zu-%02zu", year, 1 + i % 12, 1 + i % 28);
      out.push_back({{"id", "sotu-" + f.stem().string() + "-" + std::to_string(i)},
                     {"title", std::to_string(year) + " State of the Union, " + name},
                     {"outlet", kOutlets[(static_cast<std::size_t>(year) + i) % 3]},
                     {"published", date},
                     {"body", parts[i]}});
    }
  }
  return out;
}

// "Description (CODE)" lines of cat-descriptions_120396.txt: code (lower case) -> description.
std::map<std::string, std::string> category_descriptions(const fs::path& file) {
  std::ifstream in(file);
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto open = line.rfind('(');
    const auto close = line.find(')', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos || open == 0) continue;
    std::string code = line.substr(open + 1, close - open - 1);
    if (code.empty() || code.find_first_of(" ,.") != std::string::npos) continue;
    std::string description = line.substr(0, open);
    const auto first = description.find_first_not_of(' ');
    const auto last = description.find_last_not_of(' ');
    if (first == std::string::npos) continue;
    description = description.substr(first, last - first + 1);
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    out.emplace(code, description);
  }
  return out;
}

// The last two words of a person's description ("Finance Minister Gerhard Stoltenberg" ->
// "Gerhard Stoltenberg"): what a reader would type.
std::string person_query(const std::string& description) {
  const auto last = description.rfind(' ');
  if (last == std::string::npos) return description;
  const auto before = description.rfind(' ', last - 1);
  return before == std::string::npos ? description : description.substr(before + 1);
}

// Two BEIR collections over the Reuters articles with a body: topic descriptions as queries
// ("Money/Foreign Exchange") and people's names ("Gerhard Stoltenberg"), judged by Reuters'
// TOPICS and PEOPLE annotations (every annotated article relevant, grade 1).
void write_beir(const fs::path& reuters_dir, const fs::path& out) {
  const auto descriptions = category_descriptions(reuters_dir / "cat-descriptions_120396.txt");
  const auto articles = morgue::bench::read_reuters_dir(reuters_dir);
  for (const bool people : {false, true}) {
    const fs::path dir = out / (people ? "beir-reuters-people" : "beir-reuters-topics");
    fs::create_directories(dir / "qrels");
    std::ofstream corpus(dir / "corpus.jsonl"), queries(dir / "queries.jsonl"),
        qrels(dir / "qrels" / "test.tsv");
    qrels << "query-id\tcorpus-id\tscore\n";
    std::set<std::string> used;
    std::size_t docs = 0, judgements = 0;
    for (const auto& a : articles) {
      if (a.body.empty()) continue;
      const std::string id = "reuters-" + a.newid;
      corpus << nlohmann::json{{"_id", id}, {"title", a.title}, {"text", a.body}}.dump(
                    -1, ' ', false, nlohmann::json::error_handler_t::replace)
             << '\n';
      ++docs;
      for (const std::string& code : people ? a.people : a.topics) {
        if (!descriptions.contains(code)) continue;
        qrels << code << '\t' << id << "\t1\n";
        used.insert(code);
        ++judgements;
      }
    }
    for (const std::string& code : used) {
      const std::string& d = descriptions.at(code);
      queries << nlohmann::json{{"_id", code}, {"text", people ? person_query(d) : d}}.dump()
              << '\n';
    }
    std::cerr << "morgue-bench-prepare: " << dir.string() << ": " << docs << " articles, "
              << used.size() << " queries, " << judgements << " judgements\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = fs::path(MORGUE_SOURCE_DIR) / ".." / "shared";
  fs::path out = "bench-corpora";
  std::vector<int> scales;
  bool beir = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--shared" && i + 1 < argc)
      shared = argv[++i];
    else if (arg == "--out" && i + 1 < argc)
      out = argv[++i];
    else if (arg == "--beir")
      beir = true;
    else if (arg == "--scale" && i + 1 < argc)
      scales.push_back(std::atoi(argv[++i]));
    else {
      std::cerr
          << "usage: morgue-bench-prepare [--shared DIR] [--out DIR] [--scale N]... [--beir]\n";
      return 2;
    }
  }
  if (scales.empty()) scales = {20};
  try {
    fs::create_directories(out);
    if (beir) {
      write_beir(shared / "corpus" / "reuters21578", out);
      return 0;
    }
    const auto r = reuters(shared / "corpus" / "reuters21578");
    const auto s = sotu(shared / "corpus" / "sotu");
    write_scaled(out / "reuters.jsonl", r, 1);
    write_scaled(out / "sotu.jsonl", s, 1);
    for (const int n : scales) {
      if (n < 2) continue;
      write_scaled(out / ("reuters-x" + std::to_string(n) + ".jsonl"), r, n);
      write_scaled(out / ("sotu-x" + std::to_string(n) + ".jsonl"), s, n);
    }
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-prepare: error: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
