// The words an article writes like names: the evidence, read from the text alone, that the
// searcher's name rule (docs/searching.md, "Names") stands on. Indexed as XV terms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace morgue {

/// The words of folded text `body` that it writes like names: the word's first letter is a
/// capital; it is not the first word of a sentence (the body's first word, or one after '.',
/// '!' or '?' with only spaces, quotes and brackets between, where a '.' after a single letter
/// or a title such as "Mr" or "Gen" ends no sentence, or the first word after a blank line or
/// after a line in capitals);
/// its line holds a lower-case letter (headlines and datelines in capitals say nothing); it is
/// not two words a scraper glued together (a capital after a lower-case letter, as in
/// "VideoTrudeau", unless what precedes is a particle: "McDonald", "DeSantis", "VanDyke").
/// Each as indexed (lower case, an inner apostrophe kept) with a possessive "'s" dropped,
/// 2 to 64 bytes; each once, sorted.
[[nodiscard]] std::vector<std::string> name_words(std::string_view body);

}  // namespace morgue
