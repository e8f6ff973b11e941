// Plain-word scanning of query text.
#include "searcher/query_words.h"

#include <array>

#include "common/words.h"

namespace morgue {
namespace {

bool is_operator(std::string_view w) {
  static constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR",   "NOT",
                                                                 "XOR", "NEAR", "ADJ"};
  for (const std::string_view op : kOperators) {
    if (w == op) return true;
  }
  return false;
}

}  // namespace

std::vector<QueryWord> plain_words(std::string_view query) {
  // Which bytes lie inside a "phrase" (the quotes are ASCII after folding).
  std::vector<bool> quoted(query.size(), false);
  bool in_phrase = false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (query[i] == '"') in_phrase = !in_phrase;
    quoted[i] = in_phrase || query[i] == '"';
  }
  std::vector<QueryWord> out;
  std::size_t value_end = 0;  // end of the value after "field:" (up to the next space)
  for (const WordSpan& w : word_spans(query, U"'")) {
    const std::string_view word = query.substr(w.begin, w.end - w.begin);
    if (w.begin < value_end || quoted[w.begin]) continue;
    if (w.end < query.size() && query[w.end] == ':') {
      value_end = query.find_first_of(" \t", w.end);
      if (value_end == std::string_view::npos) value_end = query.size();
      continue;
    }
    if (w.end < query.size() && query[w.end] == '*') continue;
    if (is_operator(word)) continue;
    out.push_back({w.begin, w.end});
  }
  return out;
}

std::optional<std::string> rewrite_plain_words(
    std::string_view query,
    const std::function<std::optional<std::string>(std::string_view word)>& rewrite) {
  const std::vector<QueryWord> words = plain_words(query);
  std::vector<std::string> replacements;
  bool changed = false;
  for (const QueryWord& w : words) {
    const std::string_view word = query.substr(w.begin, w.end - w.begin);
    std::optional<std::string> replacement = rewrite(word);
    changed = changed || replacement.has_value();
    replacements.push_back(replacement ? std::move(*replacement) : std::string(word));
  }
  if (!changed) return std::nullopt;
  return replace_words(query, words, replacements);
}

std::string replace_words(std::string_view query, const std::vector<QueryWord>& words,
                          const std::vector<std::string>& replacements) {
  std::string out;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < words.size() && i < replacements.size(); ++i) {
    out.append(query.substr(pos, words[i].begin - pos));
    out.append(replacements[i]);
    pos = words[i].end;
  }
  out.append(query.substr(pos));
  return out;
}

}  // namespace morgue
