// Word lists kept as data files (common/entities/data/, indexer/entities/data/), compiled in.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace morgue {

/// The words of a word-list file: white space (spaces, tabs, new lines) separates them, and a
/// line whose first non-blank character is '#' is a comment. Words are taken as written.
[[nodiscard]] std::unordered_set<std::string> word_set(std::string_view text);

}  // namespace morgue
