// Fuzz target: a saved web page (charset, HTML5 parsing, the article, the metadata) and the
// HTTP response a crawl record holds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/page/page_metadata.h"
#include "indexer/page/saved_page.h"
#include "indexer/read/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const morgue::SavedPage page =
      morgue::read_saved_page(bytes, {.url = "https://fuzz.example/2019/11/19/a",
                                      .content_type = "",
                                      .fetched = morgue::parse_timestamp("2020-01-02T03:04:05Z")});
  if (page.article.has_value() == page.error.has_value()) __builtin_trap();
  if (page.article && page.article->body.empty()) __builtin_trap();
  (void)morgue::written_date(bytes);
  (void)morgue::url_path_date(bytes);
  std::string error;
  const auto http = morgue::parse_http_response(bytes, 1 << 20, error);
  if (!http && error.empty()) __builtin_trap();
  if (http && http->body.size() > (1 << 20)) __builtin_trap();
  return 0;
}
