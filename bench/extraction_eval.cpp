// morgue-bench-extraction: the article text morgue finds in saved pages, for the article
// extraction benchmark of scrapinghub/article-extraction-benchmark (181 news and blog pages
// with ground truth). Writes the benchmark's prediction format for its own evaluate.py, for
// morgue's extraction and, side by side, for plain tag stripping (all the page's text), and
// prints pages per second. The headline, day and outlet morgue reads from the pages are
// scored against pages labelled by reading them: 46 that the page reader's rules were set on
// (bench/data/page-metadata-labels.tsv) and 30 held out from them (page-metadata-heldout.tsv).
//
//   morgue-bench-extraction BENCHMARK_DIR OUT_DIR
//
// BENCHMARK_DIR holds html/*.html.gz; OUT_DIR receives morgue.json and tag-stripping.json.
// bench/extraction-bench.sh runs it and the evaluation.
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/text/text_fold.h"
#include "indexer/page/html_tree.h"
#include "indexer/page/page_charset.h"
#include "indexer/page/page_content.h"
#include "indexer/page/page_metadata.h"
#include "indexer/page/saved_page.h"
#include "indexer/read/outlet_map.h"

namespace fs = std::filesystem;

namespace {

// Headlines compared as a reader compares them: case, accents, quote styles and spacing aside.
std::string comparable(std::string_view text) {
  std::string s(text);
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"\u2018", "'"},
                                 {"\u2019", "'"},
                                 {"\u201C", "\""},
                                 {"\u201D", "\""}}) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at))
      s.replace(at, from.size(), to);
  }
  return morgue::squeeze_spaces(morgue::fold_word(s));
}

struct Label {
  std::string headline, day;
  std::vector<std::string> outlets;
};

std::map<std::string, Label> read_labels(const fs::path& file) {
  std::map<std::string, Label> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string key, outlets;
    Label l;
    std::getline(fields, key, '\t');
    std::getline(fields, l.headline, '\t');
    std::getline(fields, l.day, '\t');
    std::getline(fields, outlets);
    std::istringstream names(outlets);
    for (std::string name; std::getline(names, name, '|');) l.outlets.push_back(comparable(name));
    out[key] = l;
  }
  return out;
}

std::string gunzip_file(const fs::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  if (in == nullptr) throw std::runtime_error("cannot open " + file.string());
  std::string out;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(in, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  const bool failed = n < 0;
  gzclose(in);
  if (failed) throw std::runtime_error("cannot read " + file.string());
  return out;
}

void write_output(const fs::path& file, const nlohmann::json& output) {
  std::ofstream out(file);
  out << nlohmann::json{{"version", "morgue"}, {"output", output}}.dump(1) << '\n';
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: morgue-bench-extraction BENCHMARK_DIR OUT_DIR\n";
    return 2;
  }
  try {
    const fs::path dir = argv[1], out = argv[2];
    std::map<std::string, std::string> pages;  // key -> bytes, read before timing
    std::size_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(dir / "html")) {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with(".html.gz")) continue;
      pages[name.substr(0, name.size() - 8)] = gunzip_file(entry.path());
      bytes += pages.rbegin()->second.size();
    }
    nlohmann::json extracted = nlohmann::json::object(), stripped = nlohmann::json::object();
    const auto start = std::chrono::steady_clock::now();
    for (const auto& [key, raw] : pages) {
      const morgue::DecodedPage page = morgue::decode_page_bytes(raw);
      const morgue::HtmlTree tree(page.html);
      extracted[key] = {{"articleBody", morgue::article_body(tree)}};
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Where each page was fetched from, as a crawl would know it.
    std::map<std::string, std::string> urls;
    {
      std::ifstream in(dir / "ground-truth.json");
      const auto truth = nlohmann::json::parse(in, nullptr, false);
      if (truth.is_object())
        for (const auto& [key, v] : truth.items())
          if (v.contains("url") && v["url"].is_string()) urls[key] = v["url"].get<std::string>();
    }
    for (const auto& [key, raw] : pages) {
      const morgue::HtmlTree tree(morgue::decode_page_bytes(raw).html);
      stripped[key] = {{"articleBody", morgue::text_content(tree.root())}};
    }
    fs::create_directories(out);
    write_output(out / "morgue.json", extracted);
    write_output(out / "tag-stripping.json", stripped);
    // Headline, day and outlet as morgue-index reads them (the outlet map for a page that
    // names no outlet), against what a reader sees on the page: the pages the rules were set
    // on, and pages held out from them.
    const morgue::OutletMap outlet_map = morgue::OutletMap::builtin();
    for (const auto& [name, file] : {std::pair<std::string, std::string>{
                                         "labelled while building", "page-metadata-labels.tsv"},
                                     {"held out", "page-metadata-heldout.tsv"}}) {
      const auto labels = read_labels(fs::path(MORGUE_SOURCE_DIR) / "bench/data" / file);
      std::size_t headlines = 0, days = 0, outlets = 0;
      for (const auto& [key, label] : labels) {
        const auto page = pages.find(key);
        if (page == pages.end()) throw std::runtime_error("labelled page " + key + " not found");
        morgue::PageOrigin origin;
        origin.url = urls[key];
        const morgue::SavedPage read = morgue::read_saved_page(page->second, origin);
        const morgue::Article a = read.article.value_or(morgue::Article{});
        std::string outlet = a.outlet;
        if (outlet.empty()) outlet = outlet_map.outlet_for_url(urls[key]).value_or("");
        const std::string day = a.published ? a.published->iso() : "";
        const bool headline_ok = comparable(a.title) == comparable(label.headline);
        const bool day_ok = day == label.day;
        const bool outlet_ok = std::find(label.outlets.begin(), label.outlets.end(),
                                         comparable(outlet)) != label.outlets.end();
        headlines += headline_ok;
        days += day_ok;
        outlets += outlet_ok;
        if (std::getenv("MORGUE_BENCH_VERBOSE") != nullptr) {
          const std::string k = key.substr(0, 10);
          if (!headline_ok) std::cerr << k << " headline: " << a.title << '\n';
          if (!day_ok) std::cerr << k << " day: " << day << " (" << label.day << ")\n";
          if (!outlet_ok) std::cerr << k << " outlet: " << outlet << '\n';
        }
      }
      const auto share = [&](std::size_t n) { return double(n) / double(labels.size()); };
      std::printf(
          "metadata, %zu pages %s: headline %zu (%.2f), day %zu (%.2f), outlet %zu "
          "(%.2f)\n",
          labels.size(), name.c_str(), headlines, share(headlines), days, share(days), outlets,
          share(outlets));
    }
    std::printf(
        "%zu pages, %.1f MB of HTML: %.2f s, %.0f pages/s, %.1f MB/s (decode, parse, "
        "extract)\n",
        pages.size(), double(bytes) / 1e6, seconds, double(pages.size()) / seconds,
        double(bytes) / 1e6 / seconds);
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-extraction: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
