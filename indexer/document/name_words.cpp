// Words written like names.
#include "indexer/document/name_words.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

#include "common/text/text_fold.h"
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
  for (std::size_t i = 1; i < word.size(); ++i) {
    const bool lower_then_upper =
        word[i - 1] >= 'a' && word[i - 1] <= 'z' && word[i] >= 'A' && word[i] <= 'Z';
    if (!lower_then_upper) continue;
    const std::string_view before = word.substr(0, i);
    return std::find(kParticles.begin(), kParticles.end(), before) == kParticles.end();
  }
  return false;
}

UChar32 first_code_point(std::string_view text, std::size_t at) {
  UChar32 c = 0;
  U8_NEXT(text.data(), at, text.size(), c);
  return c;
}

// The lines of `text` that hold a lower-case letter, as [begin, end) byte ranges in order.
std::vector<WordSpan> lines_with_lower(std::string_view text) {
  std::vector<WordSpan> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    for (std::size_t i = begin; i < end;) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte < 0x80) {  // ASCII, most of most archives: no decoding
        ++i;
        if (byte >= 'a' && byte <= 'z') {
          out.push_back({begin, end});
          break;
        }
        continue;
      }
      UChar32 c = 0;
      U8_NEXT(text.data(), i, end, c);
      if (c > 0 && u_islower(c) != 0) {
        out.push_back({begin, end});
        break;
      }
    }
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
      UChar32 first = first_code_point(before, 0);
      const bool one_letter = U8_LENGTH(first) == static_cast<int>(before.size());
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
    const UChar32 first = first_code_point(body, w.begin);
    if (first < 0 || (u_isupper(first) == 0 && u_istitle(first) == 0)) continue;
    if (in_capitals || first_after_capitals) continue;
    if (starts_sentence(body, w.begin, k == 0 ? nullptr : &words[k - 1])) continue;
    const std::string_view word = body.substr(w.begin, w.end - w.begin);
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
