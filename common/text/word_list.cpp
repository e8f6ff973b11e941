#include "common/text/word_list.h"

namespace morgue {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::unordered_set<std::string> word_set(std::string_view text) {
  std::unordered_set<std::string> words;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    if (line.starts_with('#')) continue;
    while (!line.empty()) {
      std::size_t end = 0;
      while (end < line.size() && !is_space(line[end])) ++end;
      if (end > 0) words.emplace(line.substr(0, end));
      line.remove_prefix(end);
      while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    }
  }
  return words;
}

}  // namespace morgue
