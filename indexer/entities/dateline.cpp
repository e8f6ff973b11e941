// Wire datelines.
#include "indexer/entities/dateline.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

#include "common/text/text_fold.h"
#include "common/text/utf8.h"
#include "common/text/word_list.h"
#include "embedded/entity_words.h"

namespace morgue {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Abbreviation (lower case, no final dot) -> state, from data/us-state-abbreviations.tsv.
const std::unordered_map<std::string, std::string>& state_abbreviations() {
  static const std::unordered_map<std::string, std::string> table = [] {
    std::unordered_map<std::string, std::string> out;
    for_each_data_line(embedded::us_state_abbreviations_tsv(), [&](std::string_view line) {
      const auto fields = tab_fields<2>(line);
      const std::string_view state = fields[0];
      for_each_item(fields[1], '|', [&](std::string_view alias) {
        std::string key = case_fold(alias);
        if (key.ends_with('.')) key.pop_back();
        out.emplace(std::move(key), std::string(state));
      });
    });
    return out;
  }();
  return table;
}

bool is_month(std::string_view word) {
  static constexpr std::array<std::string_view, 23> kMonths = {
      "jan",  "january",   "feb",  "february", "mar",  "march",    "apr",    "april",
      "may",  "jun",       "june", "jul",      "july", "aug",      "august", "sep",
      "sept", "september", "oct",  "october",  "nov",  "november", "dec"};
  const std::string w = case_fold(word.ends_with('.') ? word.substr(0, word.size() - 1) : word);
  return w == "december" || std::find(kMonths.begin(), kMonths.end(), w) != kMonths.end();
}

// A cursor over the line.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  std::size_t pos() const { return i_; }
  void reset(std::size_t at) { i_ = at; }
  bool done() const { return i_ >= s_.size(); }
  void spaces() {
    while (!done() && s_[i_] == ' ') ++i_;
  }
  bool take(std::string_view what) {
    if (s_.substr(i_).starts_with(what)) {
      i_ += what.size();
      return true;
    }
    return false;
  }
  // A word of letters, dots, apostrophes and hyphens (no spaces), or "".
  std::string_view word() {
    const std::size_t start = i_;
    while (!done() && (is_upper(s_[i_]) || is_lower(s_[i_]) || s_[i_] == '.' || s_[i_] == '\'' ||
                       s_[i_] == '-' || static_cast<unsigned char>(s_[i_]) >= 0x80)) {
      // A dash standing alone is the dateline's, not a word's.
      if (s_[i_] == '-' && (i_ == start)) break;
      ++i_;
    }
    return s_.substr(start, i_ - start);
  }
  std::string_view digits() {
    const std::size_t start = i_;
    while (!done() && is_digit(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  // A dash ("-", "--", U+2013, U+2014) then a space or the end.
  bool dash() {
    const std::size_t start = i_;
    if (!(take("--") || take("-") || take("\u2013") || take("\u2014"))) return false;
    if (!done() && s_[i_] != ' ') {
      i_ = start;
      return false;
    }
    spaces();
    return true;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

bool in_capitals(std::string_view word) {
  bool letter = false;
  for (const char c : word) {
    if (is_lower(c)) return false;
    letter = letter || is_upper(c);
  }
  return letter;
}

bool capitalised(std::string_view word) { return !word.empty() && is_upper(word[0]); }

}  // namespace

std::optional<Dateline> read_dateline(std::string_view line) {
  if (line.empty() || !is_upper(line[0])) return std::nullopt;  // most lines
  if (!has_lowercase(line)) return std::nullopt;                // a headline
  Scanner s(line);
  Dateline d;
  // The city: one to four words in capitals.
  std::size_t words = 0;
  std::size_t city_end = 0;
  while (words < 4) {
    const std::size_t at = s.pos();
    const std::string_view w = s.word();
    if (!in_capitals(w)) {
      s.reset(at);
      break;
    }
    ++words;
    city_end = s.pos();
    const std::size_t before_space = s.pos();
    s.spaces();
    if (s.done() || !is_upper(line[s.pos()])) {
      s.reset(before_space);
      break;
    }
  }
  if (words == 0) return std::nullopt;
  d.city = std::string(line.substr(0, city_end));
  if (std::count_if(d.city.begin(), d.city.end(), is_upper) < 2) return std::nullopt;
  s.reset(city_end);
  s.spaces();
  // ", REGION": a state's abbreviation, or a capitalised name of up to three words.
  if (s.take(",")) {
    s.spaces();
    const std::size_t at = s.pos();
    std::string_view first = s.word();
    std::string key = case_fold(first);
    if (key.ends_with('.')) key.pop_back();
    auto it = state_abbreviations().find(key);
    if (it == state_abbreviations().end() && first.ends_with('.')) {
      // Written with a space: "W. Va." is W.Va.
      const std::size_t mark = s.pos();
      s.spaces();
      const std::string_view second = s.word();
      std::string joined = case_fold(first) + case_fold(second);
      if (joined.ends_with('.')) joined.pop_back();
      it = state_abbreviations().find(joined);
      if (it != state_abbreviations().end()) {
        first = line.substr(at, s.pos() - at);
      } else {
        s.reset(mark);
      }
    }
    if (it != state_abbreviations().end() && !is_month(first)) {
      d.region = std::string(first);
      d.state = it->second;
      s.spaces();
      if (!s.take(",")) s.reset(s.pos());
      s.spaces();
    } else if (capitalised(first) && !is_month(first)) {
      std::size_t end = s.pos();
      for (int more = 0; more < 2; ++more) {
        const std::size_t mark = s.pos();
        s.spaces();
        const std::string_view next = s.word();
        if (!capitalised(next) || is_month(next)) {
          s.reset(mark);
          break;
        }
        end = s.pos();
      }
      d.region = std::string(line.substr(at, end - at));
      s.reset(end);
      s.spaces();
      if (s.take(",")) s.spaces();
    } else {
      s.reset(at);
    }
    // ", Month D"
    const std::size_t at_month = s.pos();
    const std::string_view month = s.word();
    if (is_month(month)) {
      s.spaces();
      if (s.digits().empty()) return std::nullopt;
      s.spaces();
    } else {
      s.reset(at_month);
    }
  }
  // "(Agency)"
  if (s.take("(")) {
    const std::size_t close = line.find(')', s.pos());
    if (close == std::string_view::npos || close - s.pos() > 40) return std::nullopt;
    d.agency_begin = s.pos();
    d.agency_end = close;
    s.reset(close + 1);
    s.spaces();
  }
  if (!s.dash()) return std::nullopt;
  d.length = s.pos();
  return d;
}

std::string title_case(std::string_view capitals) {
  std::string out(capitals);
  bool start = true;
  for (char& c : out) {
    if (is_upper(c) || is_lower(c)) {
      if (!start && is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
      start = false;
    } else {
      start = c == ' ' || c == '-' || c == '.' || c == '\'';
    }
  }
  return out;
}

}  // namespace morgue
