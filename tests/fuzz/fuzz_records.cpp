// Fuzz target: a JSONL article record and a manifest line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/read/article_record.h"
#include "indexer/read/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  morgue::ArticleRecord record = morgue::parse_article_record(line, "fuzz:1");
  if (record.article.has_value() == record.error.has_value()) __builtin_trap();
  if (record.article) (void)morgue::cap_article_size(*record.article, 64);
  const morgue::ManifestLine manifest = morgue::parse_manifest_line(line);
  if (!manifest.error && manifest.file.empty()) __builtin_trap();
  return 0;
}
