// Fuzz target: normalization, match keys and entity extraction on any text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/entities/entity_key.h"
#include "common/text/text_fold.h"
#include "common/text/utf8.h"
#include "indexer/entities/entity_extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text =
      morgue::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size)).text;
  const std::string folded = morgue::fold_text(text);
  if (!morgue::is_valid_utf8(folded)) __builtin_trap();
  if (morgue::fold_text(folded) != folded) __builtin_trap();  // folding is idempotent
  (void)morgue::fold_word(text);
  (void)morgue::entity_key(text);
  for (const auto& e : morgue::extract_entities(text)) {
    if (e.key.empty() || e.mentions == 0) __builtin_trap();
  }
  return 0;
}
