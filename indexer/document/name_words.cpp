// Words written like names.
#include "indexer/document/name_words.h"

#include <xapian.h>

#include <algorithm>
#include <array>

#include "common/text/text_fold.h"
#include "common/text/utf8.h"
#include "common/text/words.h"

namespace morgue {
namespace {

constexpr std::size_t kMinBytes = 2;
constexpr std::size_t kMaxBytes = 64;

// Abbreviations whose full stop ends no sentence ("Mr. Zelenskyy" is a name mid-sentence).
bool title_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 22> kTitles = {
      "mr",  "mrs",  "ms",  "dr",   "st", "sen", "gen", "gov",    "rep", "lt", "col",
      "cpt", "capt", "sgt", "prof", "jr", "sr",  "rev", "messrs", "hon", "mt", "ft"};
  const std::string folded = fold_word(word);
  return std::find(kTitles.begin(), kTitles.end(), folded) != kTitles.end();
}

// A scraper gluing two tokens leaves a capital after a lower-case letter ("VideoTrudeau",
// "PressRussian"); names written so start with a particle ("McDonald", "DeSantis").
bool looks_glued(std::string_view word) {
  static constexpr std::array<std::string_view, 10> kParticles = {"Mc", "Mac", "De", "Di",  "Da",
                                                                  "Du", "La",  "Le", "Van", "Von"};
  const std::size_t at = glued_at(word);
  return at != std::string_view::npos &&
         std::find(kParticles.begin(), kParticles.end(), word.substr(0, at)) == kParticles.end();
}

// The lines of `text` that hold a lower-case letter, as [begin, end) byte ranges in order.
std::vector<WordSpan> lines_with_lower(std::string_view text) {
  std::vector<WordSpan> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    if (has_lowercase(text.substr(begin, end - begin))) out.push_back({begin, end});
    begin = end + 1;
  }
  return out;
}

// Whether the word starting at `begin` starts a sentence; `previous` is the word before it.
bool starts_sentence(std::string_view text, std::size_t begin, const WordSpan* previous) {
  if (previous == nullptr) return true;
  std::size_t newlines = 0;
  for (std::size_t i = begin; i > previous->end; --i) {
    const char c = text[i - 1];
    if (c == '\n') {
      if (++newlines >= 2) return true;  // a blank line: a new paragraph
      continue;
    }
    if (c == '!' || c == '?') return true;
    if (c == '.') {
      // Only a full stop right after the previous word can be an abbreviation's.
      if (i - 1 != previous->end) return true;
      const std::string_view before = text.substr(previous->begin, previous->end - previous->begin);
      Xapian::Utf8Iterator after_first(before.data(), before.size());
      const bool one_letter = ++after_first == Xapian::Utf8Iterator();  // "J.", "U.S."
      return !(one_letter || title_abbreviation(before));
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> name_words(std::string_view body) {
  std::vector<std::string> out;
  const std::vector<WordSpan> words = word_spans(body, U"'");
  const std::vector<WordSpan> lower_lines = lines_with_lower(body);
  auto line = lower_lines.begin();  // the first line with lower case not before the word
  bool after_capitals = false;      // the word before ends a line in capitals
  for (std::size_t k = 0; k < words.size(); ++k) {
    const WordSpan& w = words[k];
    while (line != lower_lines.end() && line->end < w.begin) ++line;
    const bool in_capitals = line == lower_lines.end() || line->begin > w.begin;
    // A line in capitals (a dateline, a heading) ends what came before it.
    const bool first_after_capitals =
        after_capitals && body.substr(words[k - 1].end, w.begin - words[k - 1].end).find('\n') !=
                              std::string_view::npos;
    after_capitals = in_capitals;
    const std::string_view word = body.substr(w.begin, w.end - w.begin);
    if (!starts_with_capital(word) || in_capitals || first_after_capitals) continue;
    if (starts_sentence(body, w.begin, k == 0 ? nullptr : &words[k - 1])) continue;
    if (looks_glued(word)) continue;
    std::string term = fold_word(word);
    if (term.ends_with("'s")) term.resize(term.size() - 2);
    if (term.size() < kMinBytes || term.size() > kMaxBytes) continue;
    out.push_back(std::move(term));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace morgue
