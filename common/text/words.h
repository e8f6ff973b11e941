// Finding words in text with their byte offsets, the way Xapian's tokenizer sees them:
// runs of Unicode word characters, optionally joined across single joiner characters.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace morgue {

/// A word's byte range [begin, end) in the text it was found in.
struct WordSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The words of UTF-8 `text`. A character of `joiners` between two word characters stays
/// inside the word ("Russia's" with U"'", "Co-operation" with U"-"). Thread-safe.
[[nodiscard]] std::vector<WordSpan> word_spans(std::string_view text, std::u32string_view joiners);

/// Where a scraper glued two tokens together in `word`: the offset of the first capital right
/// after a lower-case letter, ASCII ("PressRussian" -> 5, "McDonald" -> 2), or npos.
[[nodiscard]] std::size_t glued_at(std::string_view word);

}  // namespace morgue
