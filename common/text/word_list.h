// Word lists and tables kept as data files (common/entities/data/, indexer/entities/data/),
// compiled in.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

namespace morgue {

/// The words of a word-list file: white space (spaces, tabs, new lines) separates them, and a
/// line whose first non-blank character is '#' is a comment. Words are taken as written.
[[nodiscard]] std::unordered_set<std::string> word_set(std::string_view text);

/// `s` without spaces, tabs and carriage returns at either end.
[[nodiscard]] std::string_view trim_blanks(std::string_view s);

/// Calls fn(line) for each line of a data file that is not blank and not a comment ('#' first
/// after blanks).
template <typename Fn>
void for_each_data_line(std::string_view text, Fn fn) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    const std::string_view trimmed = trim_blanks(line);
    if (!trimmed.empty() && trimmed.front() != '#') fn(line);
  }
}

/// Calls fn(item) for each item of a `separator`-separated list, trimmed.
template <typename Fn>
void for_each_item(std::string_view list, char separator, Fn fn) {
  while (!list.empty()) {
    const auto end = list.find(separator);
    fn(trim_blanks(list.substr(0, end)));
    list.remove_prefix(end == std::string_view::npos ? list.size() : end + 1);
  }
}

/// The first N tab-separated fields of `line`, trimmed; missing ones empty.
template <std::size_t N>
[[nodiscard]] std::array<std::string_view, N> tab_fields(std::string_view line) {
  std::array<std::string_view, N> fields;
  std::size_t i = 0;
  for_each_item(line, '\t', [&](std::string_view field) {
    if (i < N) fields[i++] = field;
  });
  return fields;
}

}  // namespace morgue
