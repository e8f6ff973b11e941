// Plain-word scanning of query text.
#include "searcher/query/query_words.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "common/text/words.h"

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

bool name_cased(std::string_view query, std::size_t begin, std::size_t end) {
  bool first = true, first_upper = false, all_upper = true;
  std::size_t letters = 0;
  for (std::size_t i = begin; i < end;) {
    UChar32 c = 0;
    U8_NEXT(query.data(), i, end, c);
    if (c < 0 || u_isalpha(c) == 0) continue;
    const bool upper = u_isupper(c) != 0 || u_istitle(c) != 0;
    if (first) first_upper = upper;
    all_upper = all_upper && upper;
    first = false;
    ++letters;
  }
  if (!first_upper || (all_upper && letters > 1)) return false;
  // The first word of a sentence: nothing but spaces, quotes, brackets and signs before it
  // since the start or a sentence's end.
  for (std::size_t i = begin; i > 0; --i) {
    const char c = query[i - 1];
    // A full stop ends a sentence after a word, not in a range ("date:2022-02-10.. Zelensky").
    if (c == '.') {
      const auto before = static_cast<unsigned char>(i >= 2 ? query[i - 2] : ' ');
      return !(std::isalpha(before) != 0 || before >= 0x80);
    }
    if (c == '?' || c == '!' || c == ':') return false;
    if (c != ' ' && c != '\t' && c != '"' && c != '(' && c != '+' && c != '-') return true;
  }
  return false;
}

bool is_positional_operator(std::string_view token) {
  token = token.substr(0, token.find('/'));
  return token == "NEAR" || token == "ADJ";
}

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

namespace {

// The top-level tokens of a query: runs of non-space bytes, spaces inside "phrases" and
// (groups) included.
std::vector<std::string_view> top_level_tokens(std::string_view query) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && (query[i] == ' ' || query[i] == '\t')) ++i;
    if (i == query.size()) break;
    const std::size_t start = i;
    int depth = 0;
    bool quoted = false;
    for (; i < query.size(); ++i) {
      const char c = query[i];
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == '(') ++depth;
      if (c == ')' && depth > 0) --depth;
      if ((c == ' ' || c == '\t') && depth == 0) break;
    }
    out.push_back(query.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::string group_near_chains(std::string_view query) {
  const std::vector<std::string_view> tokens = top_level_tokens(query);
  bool any = false;
  for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
    any = any || is_positional_operator(tokens[i]);
  }
  if (!any || tokens.size() <= 3) return std::string(query);
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    std::size_t end = i;  // the chain tokens[i..end]
    while (end + 2 < tokens.size() && is_positional_operator(tokens[end + 1])) end += 2;
    if (end == i) {
      out += tokens[i];
      continue;
    }
    // A sign on the chain's first word stands for the chain: "-a NEAR b" -> "-(a NEAR b)".
    std::string_view first = tokens[i];
    if (first.size() > 1 && (first[0] == '-' || first[0] == '+')) {
      out += first[0];
      first.remove_prefix(1);
    }
    out += '(';
    out += first;
    for (std::size_t j = i + 1; j <= end; ++j) {
      out += ' ';
      out += tokens[j];
    }
    out += ')';
    i = end;
  }
  return out;
}

std::optional<std::vector<std::string>> negated_items(std::string_view query) {
  std::vector<std::string> items;
  bool after_not = false;
  const std::vector<std::string_view> tokens = top_level_tokens(query);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view token = tokens[i];
    if (is_positional_operator(token) && !items.empty() && !after_not && i + 1 < tokens.size()) {
      // "NOT a NEAR b": the operator binds tighter than NOT; the pair is one item.
      std::string& item = items.back();
      item += ' ';
      item += token;
      item += ' ';
      item += tokens[++i];
      continue;
    }
    if (token == "AND") continue;
    if (token == "NOT") {
      if (after_not) return std::nullopt;
      after_not = true;
      continue;
    }
    if (is_operator(token.substr(0, token.find('/')))) return std::nullopt;  // OR, NEAR/3, ...
    if (!after_not) {
      if (token.size() < 2 || token[0] != '-') return std::nullopt;
      token.remove_prefix(1);
    }
    after_not = false;
    items.emplace_back(token);
  }
  if (items.empty() || after_not) return std::nullopt;
  return items;
}

std::vector<std::string> unknown_fields(std::string_view query,
                                        const std::vector<std::string_view>& known) {
  std::vector<std::string> out;
  bool quoted = false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (query[i] == '"') quoted = !quoted;
    if (quoted || query[i] != ':' || i == 0) continue;
    std::size_t start = i;
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(query[start - 1])) != 0 ||
                         query[start - 1] == '_')) {
      --start;
    }
    if (start == i || std::isalpha(static_cast<unsigned char>(query[start])) == 0) continue;
    if (start > 0 && std::string_view(" \t(+-").find(query[start - 1]) == std::string_view::npos) {
      continue;
    }
    const std::string_view name = query.substr(start, i - start);
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
  }
  return out;
}

}  // namespace morgue
