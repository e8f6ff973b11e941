// Fuzz target: bytes of a scraped file -> decoding, headline detection, chrome removal.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/text/utf8.h"
#include "indexer/read/article_text.h"
#include "indexer/read/text_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const morgue::DecodedText decoded = morgue::decode_text_bytes(bytes);
  if (decoded.rejected) return 0;
  if (!morgue::is_valid_utf8(decoded.text)) __builtin_trap();  // the decoder's contract
  const auto split = morgue::split_scraped_text(decoded.text);
  (void)morgue::looks_like_headline(split.title);
  return 0;
}
