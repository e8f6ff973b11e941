// morgue-bench-extraction: the article text morgue finds in saved pages, for the article
// extraction benchmark of scrapinghub/article-extraction-benchmark (181 news and blog pages
// with ground truth). Writes the benchmark's prediction format for its own evaluate.py, for
// morgue's extraction and, side by side, for plain tag stripping (all the page's text), and
// prints pages per second.
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
#include <stdexcept>
#include <string>

#include "indexer/page/html_tree.h"
#include "indexer/page/page_charset.h"
#include "indexer/page/page_content.h"
#include "indexer/page/page_metadata.h"

namespace fs = std::filesystem;

namespace {

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
    fs::create_directories(out);
    // Where each page was fetched from, as a crawl would know it.
    std::map<std::string, std::string> urls;
    {
      std::ifstream in(dir / "ground-truth.json");
      const auto truth = nlohmann::json::parse(in, nullptr, false);
      if (truth.is_object())
        for (const auto& [key, v] : truth.items())
          if (v.contains("url") && v["url"].is_string()) urls[key] = v["url"].get<std::string>();
    }
    std::ofstream metadata(out / "metadata.tsv");
    for (const auto& [key, raw] : pages) {
      const morgue::DecodedPage page = morgue::decode_page_bytes(raw);
      const morgue::HtmlTree tree(page.html);
      stripped[key] = {{"articleBody", morgue::text_content(tree.root())}};
      const morgue::PageMetadata m = morgue::read_page_metadata(tree, urls[key]);
      metadata << key << '\t' << m.headline << '\t' << m.published << '\t' << m.outlet << '\t'
               << m.byline << '\t' << m.language << '\t' << m.section << '\t' << m.canonical_url
               << '\n';
    }
    write_output(out / "morgue.json", extracted);
    write_output(out / "tag-stripping.json", stripped);
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
