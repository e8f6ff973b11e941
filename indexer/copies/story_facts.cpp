// Story facts.
#include "indexer/copies/story_facts.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "common/entities/entity_key.h"
#include "common/text/hash.h"
#include "common/text/text_fold.h"
#include "common/text/utf8.h"
#include "common/text/words.h"

namespace morgue {
namespace {

constexpr std::size_t kContextWords = 2;  // on either side

// Words that say which way something went: a template's one changing word ("claims fell",
// "claims rose").
bool is_direction(std::string_view word) {
  static constexpr std::array<std::string_view, 30> kDirections = {
      "up",      "down",   "rose",      "fell",      "rise",     "fall",     "rises",   "falls",
      "risen",   "fallen", "increased", "decreased", "increase", "decrease", "gained",  "lost",
      "higher",  "lower",  "climbed",   "dropped",   "declined", "jumped",   "slipped", "surged",
      "plunged", "added",  "drained",   "raised",    "cut",      "eased"};
  return std::find(kDirections.begin(), kDirections.end(), word) != kDirections.end();
}

// Numbers written out, as figures ("two billion dlrs" is "2 billion dlrs" in another house
// style).
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kNumberWords = {
    {{"one", "1"},       {"two", "2"},     {"three", "3"},    {"four", "4"},    {"five", "5"},
     {"six", "6"},       {"seven", "7"},   {"eight", "8"},    {"nine", "9"},    {"ten", "10"},
     {"eleven", "11"},   {"twelve", "12"}, {"twenty", "20"},  {"thirty", "30"}, {"forty", "40"},
     {"fifty", "50"},    {"sixty", "60"},  {"seventy", "70"}, {"eighty", "80"}, {"ninety", "90"},
     {"hundred", "100"}, {"half", "0.5"}}};

// The figure a word states, or nullopt: a word with a digit as written, a number written out
// as its digits.
std::optional<std::string> figure_of(std::string_view word, std::string_view folded) {
  if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::string(folded);
  }
  for (const auto& [name, digits] : kNumberWords) {
    if (folded == name) return std::string(digits);
  }
  return std::nullopt;
}

// Whether the text between two words ends a sentence or a paragraph: "! ", "? ", ". " (not
// the point of "1.5"), a blank line. A single line break does not: wire text is wrapped.
bool ends_sentence(std::string_view gap) {
  std::size_t line_breaks = 0;
  for (std::size_t i = 0; i < gap.size(); ++i) {
    const char c = gap[i];
    if (c == '!' || c == '?') return true;
    if (c == '\n' && ++line_breaks == 2) return true;
    if (c == '.' && i + 1 < gap.size() &&
        (gap[i + 1] == ' ' || gap[i + 1] == '"' || gap[i + 1] == '\n')) {
      return true;
    }
  }
  return false;
}

// Adds the facts of `text` to `out`, their contexts tagged with `part`; `names_only`: figures
// and directions are no facts there.
void add_facts(std::string_view text, std::string_view part, bool names_only,
               std::vector<std::pair<std::uint64_t, std::uint64_t>>& out) {
  const std::vector<WordSpan> spans = word_spans(text, U"'");
  std::vector<std::string> lower;  // case-folded, facts masked: what contexts are made of
  std::vector<bool> fact, starts;  // starts: first of a sentence or a paragraph
  std::vector<std::uint64_t> value;
  lower.reserve(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const std::string_view word = text.substr(spans[i].begin, spans[i].end - spans[i].begin);
    const std::size_t gap_begin = i == 0 ? 0 : spans[i - 1].end;
    starts.push_back(i == 0 || ends_sentence(text.substr(gap_begin, spans[i].begin - gap_begin)));
    std::string folded = case_fold(word);
    const std::optional<std::string> figure_value = figure_of(word, folded);
    const bool figure = figure_value.has_value();
    // A capital first in a sentence names nothing: a copy that drops a sentence puts another
    // sentence's first word there.
    const bool name = starts_with_capital(word) && !starts.back();
    fact.push_back(name || (!names_only && (figure || is_direction(folded))));
    // What the fact says: a name by its variant key (house styles spell Zelensky, Zelenskyy),
    // a figure by its digits, a direction as written.
    value.push_back(fnv1a64(name ? entity_key(folded) : figure ? *figure_value : folded));
    // Masked: a table row's figure still lines up after "Record Feb" and "Record March".
    lower.push_back(figure ? std::string("#") : name ? std::string("N") : std::move(folded));
  }
  // Each fact under the two words before it and, apart, the two after it, within its
  // sentence: one side is enough to line two texts up (a template's company name
  // comes first, before "Qtly div"), and a side that runs off the sentence is left out (a
  // copy drops sentences, and page chrome comes before and after it).
  const auto context = [&](std::string_view side, std::size_t first) {
    std::uint64_t h = fnv1a64(side, fnv1a64(part));
    for (std::size_t k = first; k < first + kContextWords; ++k)
      h = fnv1a64(lower[k], fnv1a64(" ", h));
    return h;
  };
  const auto one_sentence = [&](std::size_t first, std::size_t last) {  // [first, last]
    for (std::size_t k = first + 1; k <= last; ++k) {
      if (starts[k]) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (!fact[i]) continue;
    if (i >= kContextWords && one_sentence(i - kContextWords, i)) {
      out.emplace_back(context("before", i - kContextWords), value[i]);
    }
    if (i + kContextWords < spans.size() && one_sentence(i, i + kContextWords)) {
      out.emplace_back(context("after", i + 1), value[i]);
    }
  }
}

}  // namespace

StoryFacts story_facts(std::string_view folded_body, std::optional<Date> day,
                       std::string_view folded_title) {
  StoryFacts out;
  if (day) out.day = day->days_since_epoch();
  add_facts(folded_body, "body", false, out.facts);
  // Outlets write their own headlines, and number and word them their own way: from a
  // headline only the names count (a template's subject may be there alone), and only where
  // case tells them: in a headline in capitals every word looks like one, and a re-sent
  // headline that adds two words ("3RD QTR DEC 28 LOSS") would contradict itself.
  if (has_lowercase(folded_title)) {
    add_facts(folded_title, "title", true, out.facts);
  } else {
    for (const WordSpan& w : word_spans(folded_title, U"'")) {
      std::string word = case_fold(folded_title.substr(w.begin, w.end - w.begin));
      if (word == "corrected" || word == "repeat" || word == "update") continue;
      out.wire_subject = std::move(word);
      break;
    }
  }
  std::sort(out.facts.begin(), out.facts.end());
  out.facts.erase(std::unique(out.facts.begin(), out.facts.end()), out.facts.end());
  return out;
}

bool same_story(const StoryFacts& a, const StoryFacts& b) {
  if (a.day && b.day && (*a.day > *b.day ? *a.day - *b.day : *b.day - *a.day) > kMaxCopyDays) {
    return false;
  }
  if (!a.wire_subject.empty() && !b.wire_subject.empty() && a.wire_subject != b.wire_subject) {
    return false;
  }
  // Merge by context: a context both have, with no fact in common, is a contradiction.
  auto x = a.facts.begin(), y = b.facts.begin();
  while (x != a.facts.end() && y != b.facts.end()) {
    if (x->first < y->first) {
      ++x;
    } else if (y->first < x->first) {
      ++y;
    } else {
      const std::uint64_t context = x->first;
      const auto x_end =
          std::find_if(x, a.facts.end(), [&](const auto& f) { return f.first != context; });
      const auto y_end =
          std::find_if(y, b.facts.end(), [&](const auto& f) { return f.first != context; });
      const bool shared = std::any_of(x, x_end, [&](const auto& f) {
        return std::any_of(y, y_end, [&](const auto& g) { return f.second == g.second; });
      });
      if (!shared) return false;
      x = x_end;
      y = y_end;
    }
  }
  return true;
}

}  // namespace morgue
